import type { Statement } from '../database/statement.js';

/**
 * The reconciler's schedule lives in `order_polls`, one narrow row per order that still needs
 * a look at DOKU: "no next poll" is no row. This is the write of an order's next poll as the
 * body of a CTE in the caller's statement, made only when `guard` (an SQL condition, e.g.
 * that the caller's guarded UPDATE hit a row) holds: a date upserts the row, null deletes it.
 */
export function nextPollWrite(
  st: Statement,
  orderId: string,
  next: Date | null,
  guard: string,
): string {
  const id = st.p(orderId);
  return next
    ? `INSERT INTO order_polls (order_id, next_poll_at)
       SELECT ${id}::text, ${st.p(next)}::timestamptz WHERE ${guard}
       ON CONFLICT (order_id) DO UPDATE SET next_poll_at = EXCLUDED.next_poll_at`
    : `DELETE FROM order_polls WHERE order_id = ${id}::text AND ${guard}`;
}
