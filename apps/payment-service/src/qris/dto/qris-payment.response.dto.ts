import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DokuReferencesResponseDto } from '../../common/dto/doku-references.response.dto.js';
import { FailureResponseDto } from '../../common/dto/failure.response.dto.js';
import { EXAMPLE_PAYMENT_ID, EXAMPLE_QR_CONTENT } from '../../common/openapi/examples.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import type { QrisPaymentRow, QrisPaymentView } from '../qris-payment.row.js';
import type { QrisPaymentsService } from '../qris-payments.service.js';

/** QRIS payment statuses (QrisPaymentRow['status']); checked below. */
export const QRIS_PAYMENT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN'] as const;

@ApiSchema({
  name: 'QrisPayment',
  description:
    "A QRIS paid on a customer's behalf (qr-mpm-payment). Amounts are integers in minor units.",
})
export class QrisPaymentResponseDto {
  @ApiProperty({ description: 'The payment id.', example: EXAMPLE_PAYMENT_ID })
  id: string;

  @ApiProperty({
    enum: QRIS_PAYMENT_STATUSES,
    enumName: 'QrisPaymentStatus',
    description:
      'SUCCEEDED: paid. FAILED: nothing was charged. UNKNOWN: DOKU’s answer was lost, repeat the request with the same Idempotency-Key. PENDING: being sent.',
    example: 'SUCCEEDED',
  })
  status: QrisPaymentRow['status'];

  @ApiProperty({ type: 'integer', description: 'Paid amount in minor units.', example: 1500000 })
  amount: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "DOKU's fee in minor units, when DOKU reports one.",
    example: 0,
  })
  feeAmount: number | null;

  @ApiProperty({ description: 'ISO 4217 currency.', example: 'IDR' })
  currency: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The merchant name in the QR.',
    example: 'Toko Demo',
  })
  merchantName: string | null;

  @ApiProperty({ description: 'The QRIS paid (as decoded).', example: EXAMPLE_QR_CONTENT })
  qrContent: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The issuer's approval code, once paid.",
    example: '482913',
  })
  approvalCode: string | null;

  @ApiProperty({ type: () => DokuReferencesResponseDto })
  doku: DokuReferencesResponseDto;

  @ApiProperty({
    type: () => FailureResponseDto,
    nullable: true,
    description: 'Why the payment FAILED (null otherwise).',
  })
  failure: FailureResponseDto | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-03-02T10:05:11.402Z' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-03-02T10:05:12.968Z' })
  updatedAt: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When the payment reached SUCCEEDED or FAILED.',
    example: '2026-03-02T10:05:12.968Z',
  })
  completedAt: string | null;
}

@ApiSchema({ name: 'QrisPaymentEvent', description: "One entry of a payment's audit trail." })
export class QrisPaymentEventResponseDto {
  @ApiProperty({ type: 'integer', example: 2 })
  id: number;

  @ApiProperty({ description: 'What happened.', example: 'payment.succeeded' })
  type: string;

  @ApiProperty({
    type: 'string',
    enum: QRIS_PAYMENT_STATUSES,
    nullable: true,
    example: 'PENDING',
  })
  from: string | null;

  @ApiProperty({
    type: 'string',
    enum: QRIS_PAYMENT_STATUSES,
    nullable: true,
    example: 'SUCCEEDED',
  })
  to: string | null;

  @ApiProperty({ description: "The shop's key id.", example: 'shop-a' })
  actor: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "DOKU's answer in short (externalId, responseCode).",
    example: { externalId: '20260302100511402918273', responseCode: '2005000' },
  })
  details: Record<string, unknown> | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-03-02T10:05:12.968Z' })
  at: string;
}

@ApiSchema({ name: 'QrisPaymentWithEvents', description: 'A payment and its audit trail.' })
export class QrisPaymentWithEventsResponseDto extends QrisPaymentResponseDto {
  @ApiProperty({ type: () => QrisPaymentEventResponseDto, isArray: true })
  events: QrisPaymentEventResponseDto[];
}

@ApiSchema({
  name: 'CustomerToken',
  description:
    "A customer's DOKU B2B2C token pair. Never stored by the service: keep it as a secret on your side.",
})
export class CustomerTokenResponseDto {
  @ApiProperty({
    description: 'Send as `customerAccessToken` with a payment.',
    example: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdXN0LTQ4MjkxMyJ9.Qm9n',
  })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    example: '2026-03-02T10:20:11.000Z',
  })
  accessTokenExpiresAt: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'Single use: exchange it for a new pair when the access token expires (null when DOKU gave none).',
    example: 'rt_8QmZ2kV7pXw4Lc9N',
  })
  refreshToken: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    example: '2026-04-01T10:05:11.000Z',
  })
  refreshTokenExpiresAt: string | null;
}

type _Payment = Assert<SameShape<QrisPaymentView, QrisPaymentResponseDto>>;
type _Statuses = Assert<
  SameShape<QrisPaymentRow['status'], (typeof QRIS_PAYMENT_STATUSES)[number]>
>;
type _WithEvents = Assert<
  SameShape<Awaited<ReturnType<QrisPaymentsService['get']>>, QrisPaymentWithEventsResponseDto>
>;
type _Token = Assert<
  SameShape<Awaited<ReturnType<QrisPaymentsService['exchangeToken']>>, CustomerTokenResponseDto>
>;
