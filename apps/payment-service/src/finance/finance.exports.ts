// The two CSV exports: their columns, in the order docs/admin-console.md lists them.
import { csvDocument, rupiahDecimal, type Cell } from './csv.js';
import type { OrderExportRow, RefundExportRow } from './finance.repository.js';
import { jakartaTime } from './jakarta-day.js';

const money = (minor: number | null): Cell[] =>
  minor === null ? [null, null] : [minor, rupiahDecimal(minor)];

export const ORDER_COLUMNS = [
  'order_id',
  'merchant_reference',
  'created_at_wib',
  'paid_at_wib',
  'status',
  'flags',
  'currency',
  'amount_minor',
  'amount_rupiah',
  'paid_amount_minor',
  'paid_amount_rupiah',
  'refunded_amount_minor',
  'refunded_amount_rupiah',
  'doku_partner_reference_no',
  'doku_reference_no',
  'doku_approval_code',
  'issuer_name',
  'terminal_id',
] as const;

export function ordersCsv(orders: readonly OrderExportRow[]): string {
  return csvDocument(
    ORDER_COLUMNS,
    orders.map((o) => [
      o.id,
      o.merchant_reference,
      jakartaTime(o.created_at),
      jakartaTime(o.paid_at),
      o.status,
      o.flags.join(' '),
      o.currency,
      ...money(o.amount),
      ...money(o.paid_amount),
      ...money(o.refunded_amount),
      o.partner_reference_no,
      o.reference_no,
      o.approval_code,
      o.issuer_name,
      o.terminal_id,
    ]),
  );
}

export const REFUND_COLUMNS = [
  'refund_id',
  'order_id',
  'merchant_reference',
  'created_at_wib',
  'refunded_at_wib',
  'status',
  'currency',
  'amount_minor',
  'amount_rupiah',
  'reason',
  'actor',
  'doku_partner_refund_no',
  'doku_refund_no',
  'doku_order_reference_no',
  'failure_code',
] as const;

export function refundsCsv(refunds: readonly RefundExportRow[]): string {
  return csvDocument(
    REFUND_COLUMNS,
    refunds.map((r) => [
      r.id,
      r.order_id,
      r.merchant_reference,
      jakartaTime(r.created_at),
      jakartaTime(r.refunded_at),
      r.status,
      r.currency,
      ...money(r.amount),
      r.reason,
      r.actor,
      r.partner_refund_no,
      r.doku_refund_no,
      r.order_reference_no,
      r.failure_code,
    ]),
  );
}
