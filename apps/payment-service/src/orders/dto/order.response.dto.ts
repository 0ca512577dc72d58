import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DokuReferencesResponseDto } from '../../common/dto/doku-references.response.dto.js';
import { FailureResponseDto } from '../../common/dto/failure.response.dto.js';
import {
  EXAMPLE_AMOUNT,
  EXAMPLE_CREATED_AT,
  EXAMPLE_EXPIRES_AT,
  EXAMPLE_MERCHANT_REFERENCE,
  EXAMPLE_ORDER_ID,
  EXAMPLE_PAID_AT,
  EXAMPLE_QR_CONTENT,
  EXAMPLE_UPDATED_AT,
} from '../../common/openapi/examples.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import {
  ORDER_FLAGS,
  ORDER_STATUSES,
  type OrderFlag,
  type OrderStatus,
} from '../domain/order-state.js';
import type { EventSource } from '../order-transitions.js';
import type { OrderEventView, OrderView } from '../order.presenter.js';
import type { OrdersService } from '../orders.service.js';

/** Who wrote an audit event (ChangeContext.source); checked against EventSource below. */
export const EVENT_SOURCES = ['api', 'notification', 'reconciler', 'admin'] as const;

@ApiSchema({
  name: 'OrderPayment',
  description: 'The payment DOKU reported, once there is one.',
})
export class OrderPaymentResponseDto {
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When the customer paid (DOKU’s time).',
    example: EXAMPLE_PAID_AT,
  })
  paidAt: string | null;

  @ApiProperty({
    type: 'integer',
    description:
      'What the customer paid, in minor units. Differs from `amount` only on an AMOUNT_MISMATCH order.',
    example: EXAMPLE_AMOUNT,
  })
  paidAmount: number;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The issuer's approval code.",
    example: '482913',
  })
  approvalCode: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'National member id (NNS) of the customer’s bank or wallet.',
    example: '93600014',
  })
  issuerId: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The customer’s bank or wallet.',
    example: 'BCA',
  })
  issuerName: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The payer’s name as the issuer reports it.',
    example: 'JOHN DOE',
  })
  customerName: string | null;
}

@ApiSchema({
  name: 'Order',
  description:
    'An order as the API and every webhook show it. Amounts are integers in minor units (IDR sen).',
})
export class OrderResponseDto {
  @ApiProperty({ description: 'The order id.', example: EXAMPLE_ORDER_ID })
  id: string;

  @ApiProperty({
    description: "The shop's own reference, as sent on create.",
    example: EXAMPLE_MERCHANT_REFERENCE,
  })
  merchantReference: string;

  @ApiProperty({
    enum: ORDER_STATUSES,
    enumName: 'OrderStatus',
    description: 'Where the order is in its life (see the API guide).',
    example: 'PAID',
  })
  status: OrderStatus;

  @ApiProperty({
    enum: ORDER_FLAGS,
    enumName: 'OrderFlag',
    isArray: true,
    description: 'What needs a person; empty for almost every order.',
    example: [],
  })
  flags: OrderFlag[];

  @ApiProperty({
    type: 'integer',
    description: 'Amount in minor units (IDR sen): Rp 15,000 is 1500000.',
    example: EXAMPLE_AMOUNT,
  })
  amount: number;

  @ApiProperty({ description: 'ISO 4217 currency.', example: 'IDR' })
  currency: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'As sent on create.',
    example: 'Order #123 at Toko Demo',
  })
  description: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
    nullable: true,
    description: "The shop's own flat JSON object, returned as sent.",
    example: { cartId: 'c_42' },
  })
  metadata: Record<string, unknown> | null;

  @ApiProperty({ description: 'Terminal id written into the QR.', example: 'A01' })
  terminalId: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'The QRIS payload to show as a QR (verified before it is handed out); null until DOKU issued it.',
    example: EXAMPLE_QR_CONTENT,
  })
  qrContent: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'When the QR stops being payable.',
    example: EXAMPLE_EXPIRES_AT,
  })
  expiresAt: string;

  @ApiProperty({
    type: () => OrderPaymentResponseDto,
    nullable: true,
    description: 'The payment, once DOKU reported one.',
  })
  payment: OrderPaymentResponseDto | null;

  @ApiProperty({
    type: () => FailureResponseDto,
    nullable: true,
    description: 'Why the order FAILED (null otherwise).',
  })
  failure: FailureResponseDto | null;

  @ApiProperty({
    type: () => DokuReferencesResponseDto,
    description: "The order's references at DOKU.",
  })
  doku: DokuReferencesResponseDto;

  @ApiProperty({ type: 'string', format: 'date-time', example: EXAMPLE_CREATED_AT })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: EXAMPLE_UPDATED_AT })
  updatedAt: string;
}

@ApiSchema({
  name: 'OrderList',
  description: 'One page of orders, newest first.',
})
export class OrderListResponseDto {
  @ApiProperty({ type: () => OrderResponseDto, isArray: true })
  data: OrderResponseDto[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
    example:
      'WyIyMDI2LTAzLTAyVDA5OjE0OjA1LjIxOFoiLCJvcmRfOG0yazRxN3gxdjljM2I2bjV6MHcyZTRyIl0.Zq3k9Jm1d2R7m8Xw0Hc5Vb6N4sTgE1aPiYoLuQyFtBs',
  })
  nextCursor: string | null;
}

@ApiSchema({
  name: 'OrderEvent',
  description: "One entry of the order's append-only audit trail.",
})
export class OrderEventResponseDto {
  @ApiProperty({ type: 'integer', description: 'Grows with every event.', example: 3 })
  id: number;

  @ApiProperty({
    description:
      'What happened: a transition (PAYMENT_CONFIRMED, CANCELLED, …) or a note (order.created, refund.requested, notification.*, webhook.resend, …).',
    example: 'PAYMENT_CONFIRMED',
  })
  type: string;

  @ApiProperty({
    type: 'string',
    enum: ORDER_STATUSES,
    nullable: true,
    description: 'Status before the event (null when the event changes none).',
    example: 'PENDING',
  })
  from: string | null;

  @ApiProperty({
    type: 'string',
    enum: ORDER_STATUSES,
    nullable: true,
    description: 'Status after the event.',
    example: 'PAID',
  })
  to: string | null;

  @ApiProperty({
    type: 'string',
    enum: EVENT_SOURCES,
    description: 'Who caused it.',
    example: 'notification',
  })
  source: string;

  @ApiProperty({
    description:
      "Who exactly: the shop's or admin's key id, `doku` for DOKU's notification, `reconciler`.",
    example: 'doku',
  })
  actor: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "SHA-256 of DOKU's evidence (the notification or query answer), for audits.",
    example: '7d1a54127b222502f5b79b5fb0803061152a44f92b37e23c6527baf665d4da9a',
  })
  evidenceDigest: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Facts of the event (a reason, a refund id, DOKU’s status code, …).',
    example: { status: '00' },
  })
  details: Record<string, unknown> | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: EXAMPLE_PAID_AT })
  at: string;
}

@ApiSchema({ name: 'OrderEventList', description: "The order's audit trail, oldest first." })
export class OrderEventListResponseDto {
  @ApiProperty({ type: () => OrderEventResponseDto, isArray: true })
  data: OrderEventResponseDto[];
}

// The classes above must describe exactly what the presenters return.
type _Payment = Assert<SameShape<NonNullable<OrderView['payment']>, OrderPaymentResponseDto>>;
type _Order = Assert<SameShape<OrderView, OrderResponseDto>>;
type _OrderList = Assert<
  SameShape<Awaited<ReturnType<OrdersService['list']>>, OrderListResponseDto>
>;
type _Event = Assert<SameShape<OrderEventView, OrderEventResponseDto>>;
type _Sources = Assert<SameShape<EventSource, (typeof EVENT_SOURCES)[number]>>;
