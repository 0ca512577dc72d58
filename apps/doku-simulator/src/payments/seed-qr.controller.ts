import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Inject,
  Post,
} from '@nestjs/common';
import { parseSnapTimestamp, parseSnapValue } from '#doku-snap';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { SimulatorClock } from '../core/simulator-clock.js';
import { transactionView } from '../ledger/ledger.view.js';
import { QrIssuer } from '../qris/qr-issuer.service.js';
import type { QrFee } from './domain/qr-transaction.js';
import { parsePayRequest, PayRequestError } from './pay-request.js';
import { PaymentService } from './payment.service.js';
import { TransactionStore } from './transaction.store.js';

/**
 * Puts a QR into the simulator as if it had been generated earlier (DOKU knows it, the
 * merchant may not): to replay DOKU's sample requests, or to test a service that lost a
 * generate answer. `paid` pays it right away (`true` or the pay endpoint's options).
 */
@Controller('simulator/v1/qris')
export class SeedQrController {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly store: TransactionStore,
    private readonly issuer: QrIssuer,
    private readonly payments: PaymentService,
    private readonly clock: SimulatorClock,
  ) {}

  @Post()
  create(@Body() body: unknown) {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw this.invalid('the body must be a JSON object');
    const b = body as Record<string, unknown>;
    const text = (name: string, fallback?: string): string => {
      const v = b[name];
      if (v === undefined && fallback !== undefined) return fallback;
      if ((typeof v !== 'string' && typeof v !== 'number') || String(v) === '')
        throw this.invalid(`${name} is required`);
      return String(v);
    };
    const clientId = text('clientId', this.options.clients.keys().next().value as string);
    if (!this.options.clients.has(clientId)) throw this.invalid(`unknown clientId ${clientId}`);
    const partnerReferenceNo = text('partnerReferenceNo');
    if (!/^[\x21-\x7e]{1,64}$/.test(partnerReferenceNo))
      throw this.invalid('partnerReferenceNo must be 1-64 printable characters');
    const referenceNo = b.referenceNo === undefined ? undefined : text('referenceNo');
    if (referenceNo !== undefined && this.store.hasReference(referenceNo))
      throw new ConflictException({
        code: 'QR.DUPLICATE',
        message: `referenceNo ${referenceNo} exists`,
      });
    if (this.store.byPartnerReference(clientId, partnerReferenceNo)) {
      throw new ConflictException({
        code: 'QR.DUPLICATE',
        message: `partnerReferenceNo ${partnerReferenceNo} exists`,
      });
    }
    const terminalId = text('terminalId', 'A01');
    if (!/^[A-Za-z0-9]{3,16}$/.test(terminalId))
      throw this.invalid('terminalId must be 3-16 letters or digits');
    const amountMinor = parseSnapValue(b.amount);
    if (!amountMinor) throw this.invalid('amount must be a positive SNAP value such as "1200.00"');
    let fee: QrFee | null = null;
    if (b.feeAmount !== undefined) {
      const minor = parseSnapValue(b.feeAmount);
      if (minor === null) throw this.invalid('feeAmount must be a SNAP value');
      fee = { type: 2, minor };
    }
    let validUntil: Date | undefined;
    if (b.validityPeriod !== undefined) {
      validUntil = parseSnapTimestamp(b.validityPeriod) ?? undefined;
      if (!validUntil)
        throw this.invalid('validityPeriod must be an ISO 8601 date-time with an offset');
    }
    let pay;
    try {
      pay =
        b.paid === undefined || b.paid === false
          ? undefined
          : parsePayRequest(b.paid === true ? {} : b.paid);
    } catch (e) {
      if (e instanceof PayRequestError) throw this.invalid(`paid: ${e.message}`);
      throw e;
    }
    const tx = this.issuer.issue({
      clientId,
      partnerReferenceNo,
      referenceNo,
      merchantId: text('merchantId', this.options.merchant.merchantId),
      terminalId,
      amountMinor,
      fee,
      validUntil,
      now: this.clock.now(),
    });
    if (pay) this.payments.pay(tx, { ...pay, channel: 'simulator' });
    return transactionView(tx, this.clock.nowMs());
  }

  private invalid(message: string): BadRequestException {
    return new BadRequestException({ code: 'QR.INVALID', message });
  }
}
