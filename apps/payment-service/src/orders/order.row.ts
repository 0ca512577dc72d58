import type { OrderFlag, OrderStatus } from './domain/order-state.js';

/** An `orders` row as PostgreSQL returns it (bigint parsed to number, timestamptz to Date). */
export interface OrderRow {
  id: string;
  merchant_reference: string;
  shop_key_id: string;
  amount: number;
  fee_amount: number;
  currency: string;
  status: OrderStatus;
  flags: OrderFlag[];
  partner_reference_no: string;
  reference_no: string | null;
  qr_content: string | null;
  terminal_id: string;
  description: string | null;
  metadata: Record<string, unknown> | null;
  expires_at: Date;
  failure_code: string | null;
  failure_message: string | null;
  paid_at: Date | null;
  paid_amount: number | null;
  approval_code: string | null;
  issuer_id: string | null;
  issuer_name: string | null;
  customer_name: string | null;
  event_seq: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** Columns of `orders` a transition may set besides status and flags. */
export type OrderColumnsPatch = Partial<
  Pick<
    OrderRow,
    | 'reference_no'
    | 'qr_content'
    | 'failure_code'
    | 'failure_message'
    | 'paid_at'
    | 'paid_amount'
    | 'approval_code'
    | 'issuer_id'
    | 'issuer_name'
    | 'customer_name'
  >
>;

/**
 * What a transition may change besides status and flags: columns of `orders`, and when the
 * reconciler should look next. `next_poll_at` is not a column of `orders`: a date writes the
 * order's `order_polls` row, null deletes it (no more polls), absent leaves it alone.
 */
export type OrderPatch = OrderColumnsPatch & { next_poll_at?: Date | null };

export const PATCHABLE_COLUMNS: readonly (keyof OrderColumnsPatch)[] = [
  'reference_no',
  'qr_content',
  'failure_code',
  'failure_message',
  'paid_at',
  'paid_amount',
  'approval_code',
  'issuer_id',
  'issuer_name',
  'customer_name',
];
