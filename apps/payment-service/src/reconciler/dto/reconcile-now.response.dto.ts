import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { EXAMPLE_ORDER_ID } from '../../common/openapi/examples.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import { OrderResponseDto } from '../../orders/dto/order.response.dto.js';
import type { QueryAnswer } from '../domain/query-answer.js';
import type { ReconcileOutcome } from '../domain/reconcile-decision.js';
import type { ReconcileNowAnswer, ReconcileNowOutcome } from '../reconciler.service.js';

export const RECONCILE_OUTCOMES = [
  'paid',
  'expired',
  'failed',
  'cancelled',
  'flagged',
  'confirmed',
  'settled',
  'stillPending',
  'error',
  'superseded',
] as const;

export const DOKU_QUERY_ANSWERS = [
  'paid',
  'refunded',
  'unpaid',
  'cancelled',
  'not_found',
  'declined',
  'error',
] as const;

@ApiSchema({
  name: 'ReconcileNow',
  description: 'What one reconciliation of the order did, and the order afterwards.',
})
export class ReconcileNowResponseDto {
  @ApiProperty({ description: 'The order id.', example: EXAMPLE_ORDER_ID })
  orderId: string;

  @ApiProperty({
    enum: RECONCILE_OUTCOMES,
    enumName: 'ReconcileOutcome',
    description:
      'What happened: a transition (paid, expired, failed, cancelled), a flag, a confirmed notified payment, nothing left to do (settled), nothing yet (stillPending: polled again at nextPollAt), no usable answer from DOKU (error: retried later), or someone else changed the order first (superseded).',
    example: 'paid',
  })
  outcome: ReconcileNowOutcome;

  @ApiProperty({
    enum: DOKU_QUERY_ANSWERS,
    enumName: 'DokuQueryAnswer',
    nullable: true,
    description: "What DOKU's qr-mpm-query answered, in short; null when DOKU was not asked.",
    example: 'paid',
  })
  dokuAnswer: QueryAnswer['kind'] | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When the reconciler looks at the order again; null: nothing left to do.',
    example: null,
  })
  nextPollAt: string | null;

  @ApiProperty({ type: () => OrderResponseDto, description: 'The order after the reconciliation.' })
  order: OrderResponseDto;
}

// The class above must describe exactly what reconcileNow returns, and the enums the unions.
type _Answer = Assert<SameShape<ReconcileNowAnswer, ReconcileNowResponseDto>>;
// (`skipped` is a sweep's: an admin's reconciliation always asks DOKU.)
type _Outcomes = Assert<
  SameShape<Exclude<ReconcileOutcome, 'skipped'>, (typeof RECONCILE_OUTCOMES)[number]>
>;
type _Answers = Assert<SameShape<QueryAnswer['kind'], (typeof DOKU_QUERY_ANSWERS)[number]>>;
