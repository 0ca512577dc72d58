import { Controller, Get, Header } from '@nestjs/common';
import { renderQrSvg } from '#qris';
import { SimulatorClock } from '../core/simulator-clock.js';
import { transactionView } from '../ledger/ledger.view.js';
import { effectiveStatus } from '../payments/domain/qr-state.js';
import { TransactionStore } from '../payments/transaction.store.js';
import { simulatorPage } from './simulator-page.html.js';

const MAX_ROWS = 50;

@Controller('simulator')
export class SimulatorPageController {
  constructor(
    private readonly store: TransactionStore,
    private readonly clock: SimulatorClock,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async page(): Promise<string> {
    const now = this.clock.nowMs();
    const all = [...this.store.all()].reverse();
    const open = all.filter((tx) => effectiveStatus(tx, now) === 'pending').slice(0, MAX_ROWS);
    const recent = all.filter((tx) => effectiveStatus(tx, now) !== 'pending').slice(0, MAX_ROWS);
    const rows = await Promise.all(
      open.map(async (tx) => ({
        tx: transactionView(tx, now),
        svg: await renderQrSvg(tx.qrContent, { margin: 2 }),
      })),
    );
    return simulatorPage(
      rows,
      recent.map((tx) => transactionView(tx, now)),
    );
  }
}
