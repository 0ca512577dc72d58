import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { SimulatorClock } from '../core/simulator-clock.js';
import { transactionView } from '../ledger/ledger.view.js';
import { effectiveStatus, type PayRefusal } from './domain/qr-state.js';
import type { QrTransaction } from './domain/qr-transaction.js';
import { parsePayRequest, PayRequestError } from './pay-request.js';
import { PaymentService } from './payment.service.js';
import { TransactionStore } from './transaction.store.js';

const REFUSALS: Record<PayRefusal, string> = {
  ALREADY_PAID: 'the QR is already paid',
  EXPIRED: 'the QR expired (pay with "force": true to simulate a late payment)',
  CANCELLED:
    'the QR was cancelled (pay with "force": true to simulate a payment racing the cancellation)',
};

/** The customer's side: pay a QR as a mobile banking app would, by reference or by content. */
@Controller('simulator/v1')
export class PayController {
  constructor(
    private readonly store: TransactionStore,
    private readonly payments: PaymentService,
    private readonly clock: SimulatorClock,
  ) {}

  /** QRs that can be paid now (pending and not expired), newest first; `?all=true` lists every QR. */
  @Get('qris')
  list(@Query('all') all?: string) {
    const now = this.clock.nowMs();
    const txs = [...this.store.all()].filter(
      (tx) => all === 'true' || effectiveStatus(tx, now) === 'pending',
    );
    return txs.reverse().map((tx) => transactionView(tx, now));
  }

  @Post('qris/:referenceNo/pay')
  @HttpCode(200)
  payByReference(@Param('referenceNo') referenceNo: string, @Body() body: unknown) {
    const tx = this.store.byReferenceNo(referenceNo);
    if (!tx)
      throw new NotFoundException({
        code: 'QR.NOT_FOUND',
        message: `no QR with referenceNo ${referenceNo}`,
      });
    return this.pay(tx, body);
  }

  /** Pay by scanning: `{ "qrContent": "000201..." }` plus the same options. */
  @Post('pay')
  @HttpCode(200)
  payByContent(@Body() body: unknown) {
    const qrContent =
      body && typeof body === 'object' ? (body as { qrContent?: unknown }).qrContent : undefined;
    if (typeof qrContent !== 'string' || qrContent === '')
      throw new BadRequestException({ code: 'PAY.INVALID', message: 'qrContent is required' });
    const tx = this.store.byQrContent(qrContent.trim());
    if (!tx)
      throw new NotFoundException({
        code: 'QR.NOT_FOUND',
        message: 'this simulator did not issue that QR',
      });
    const { qrContent: _ignored, ...rest } = body as Record<string, unknown>;
    return this.pay(tx, rest);
  }

  private pay(tx: QrTransaction, body: unknown) {
    let input;
    try {
      input = parsePayRequest(body);
    } catch (e) {
      if (e instanceof PayRequestError)
        throw new BadRequestException({ code: 'PAY.INVALID', message: e.message });
      throw e;
    }
    const result = this.payments.pay(tx, { ...input, channel: 'simulator' });
    if (!result.ok)
      throw new ConflictException({
        code: `QR.${result.refusal}`,
        message: REFUSALS[result.refusal],
      });
    return transactionView(tx, this.clock.nowMs());
  }
}
