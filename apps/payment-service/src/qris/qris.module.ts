import { Module } from '@nestjs/common';
import { IdempotencyStore } from '../common/idempotency/idempotency-store.js';
import { QrisController } from './qris.controller.js';
import { QrisDecodeService } from './qris-decode.service.js';
import { QrisPaymentsRepository } from './qris-payments.repository.js';
import { QrisPaymentsService } from './qris-payments.service.js';

/** QRIS decode and payment (qr-mpm-decode, qr-mpm-payment) for other services. */
@Module({
  controllers: [QrisController],
  providers: [QrisDecodeService, QrisPaymentsService, QrisPaymentsRepository, IdempotencyStore],
})
export class QrisModule {}
