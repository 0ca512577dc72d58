// Every order, refund and QRIS payment in our database against DOKU's truth: the
// simulator's ledger. Returns one line per disagreement (empty: 0 wrong).
import { checkKeys } from './checks.mjs';
import pg from 'pg';

/** What an order's status must be for each ledger status (ours may lag, never contradict). */
const ALLOWED = {
  none: ['FAILED'],
  pending: ['PENDING', 'EXPIRED', 'CANCELLED', 'FAILED'],
  expired: ['PENDING', 'EXPIRED', 'FAILED'],
  cancelled: ['CANCELLED', 'EXPIRED', 'FAILED'],
};

/** The order status the ledger's money implies once it is paid. */
function paidStatus(tx) {
  if (tx.refundedMinor === 0) return 'PAID';
  return tx.refundedMinor >= (tx.payment?.amountMinor ?? tx.amountMinor)
    ? 'REFUNDED'
    : 'PARTIALLY_REFUNDED';
}

export async function readOurRows(dbUrl) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const orders = await c.query(
      `SELECT id, status, merchant_reference, partner_reference_no, qr_content, amount, paid_amount, flags
       FROM orders ORDER BY id`,
    );
    const refunds = await c.query(`SELECT id, order_id, status, amount FROM refunds ORDER BY id`);
    const payments = await c.query(
      `SELECT id, status, qr_content, amount FROM qris_payments ORDER BY id`,
    );
    const num = (rows) =>
      rows.map((r) => ({
        ...r,
        amount: Number(r.amount),
        paid_amount: r.paid_amount == null ? null : Number(r.paid_amount),
      }));
    return { orders: num(orders.rows), refunds: num(refunds.rows), payments: num(payments.rows) };
  } finally {
    await c.end();
  }
}

/**
 * Compares our rows with the ledger. `unsettled` lists rows still waiting for an answer
 * (CREATING orders, PENDING/UNKNOWN refunds and payments): wrong only once time is up.
 */
export function compareWithLedger(ours, ledger) {
  const wrong = [];
  const unsettled = [];
  const byPartnerRef = new Map(ledger.transactions.map((t) => [t.partnerReferenceNo, t]));
  const byQr = new Map(ledger.transactions.map((t) => [t.qrContent, t]));
  const refundsByOrder = new Map();
  for (const r of ours.refunds) {
    if (!refundsByOrder.has(r.order_id)) refundsByOrder.set(r.order_id, []);
    refundsByOrder.get(r.order_id).push(r);
  }
  const ourOrderRefs = new Set();

  for (const o of ours.orders) {
    ourOrderRefs.add(o.partner_reference_no);
    const tx = byPartnerRef.get(o.partner_reference_no);
    if (o.status === 'CREATING') {
      unsettled.push(`order ${o.id} still CREATING (ledger: ${tx?.status ?? 'none'})`);
      continue;
    }
    const ledgerStatus = tx?.status ?? 'none';
    if (ALLOWED[ledgerStatus]) {
      if (!ALLOWED[ledgerStatus].includes(o.status))
        wrong.push(`order ${o.id} is ${o.status}, DOKU says ${ledgerStatus}`);
    } else {
      // DOKU holds the customer's money: PAID / PARTIALLY_REFUNDED / REFUNDED, to the sen.
      const expected = paidStatus(tx);
      if (o.flags.includes('AMOUNT_MISMATCH')) {
        // Not PAID by design; the paid amount must be DOKU's.
        if (o.paid_amount !== tx.payment?.amountMinor)
          wrong.push(
            `order ${o.id} (AMOUNT_MISMATCH) records ${o.paid_amount}, DOKU ${tx.payment?.amountMinor}`,
          );
      } else if (o.status !== expected) {
        (['PENDING', 'PAID', 'PARTIALLY_REFUNDED'].includes(o.status) ? unsettled : wrong).push(
          `order ${o.id} is ${o.status}, DOKU says ${tx.status} (refunded ${tx.refundedMinor} of ${tx.payment?.amountMinor})`,
        );
      }
    }
    // Refunds: each of ours against DOKU's refunds of that QR (partnerRefundNo = our id).
    const dokuRefunds = new Map((tx?.refunds ?? []).map((r) => [r.partnerRefundNo, r]));
    let succeeded = 0;
    for (const r of refundsByOrder.get(o.id) ?? []) {
      const at = dokuRefunds.get(r.id);
      dokuRefunds.delete(r.id);
      if (r.status === 'SUCCEEDED') {
        succeeded += r.amount;
        if (!at) wrong.push(`refund ${r.id} SUCCEEDED but DOKU has no such refund`);
        else if (at.amountMinor !== r.amount)
          wrong.push(`refund ${r.id} of ${r.amount}, DOKU refunded ${at.amountMinor}`);
      } else if (r.status === 'FAILED') {
        if (at)
          wrong.push(`refund ${r.id} FAILED but DOKU refunded ${at.amountMinor}: money moved`);
      } else {
        unsettled.push(`refund ${r.id} still ${r.status} (DOKU: ${at ? 'refunded' : 'none'})`);
      }
    }
    for (const lost of dokuRefunds.values())
      wrong.push(
        `DOKU refunded ${lost.amountMinor} (${lost.partnerRefundNo}) on ${o.id}: no refund of ours`,
      );
    if (tx && succeeded > tx.refundedMinor)
      wrong.push(`order ${o.id}: we count ${succeeded} refunded, DOKU ${tx.refundedMinor}`);
  }

  // QRIS payments (ours paying a QR): SUCCEEDED <-> DOKU shows that QR paid by b2b2c.
  const paidByUs = new Map();
  for (const p of ours.payments) {
    const tx = byQr.get(p.qr_content);
    const charged = tx?.payment?.channel === 'b2b2c';
    if (p.status === 'SUCCEEDED') {
      if (!charged) wrong.push(`payment ${p.id} SUCCEEDED but DOKU shows no payment of that QR`);
      paidByUs.set(p.qr_content, (paidByUs.get(p.qr_content) ?? 0) + 1);
    } else if (p.status === 'FAILED') {
      if (
        charged &&
        !ours.payments.some(
          (q) => q !== p && q.qr_content === p.qr_content && q.status === 'SUCCEEDED',
        )
      )
        wrong.push(`payment ${p.id} FAILED but DOKU charged the customer for that QR`);
    } else {
      unsettled.push(
        `payment ${p.id} still ${p.status} (DOKU: ${charged ? 'charged' : 'not charged'})`,
      );
    }
  }
  for (const [qr, n] of paidByUs)
    if (n > 1) wrong.push(`${n} SUCCEEDED payments of one QR (${qr.slice(-8)})`);
  // A QR DOKU made for us that no order of ours knows about: a lost order.
  const lost = ledger.transactions.filter((t) => !ourOrderRefs.has(t.partnerReferenceNo));
  return { wrong, unsettled, lostQrs: lost };
}

/**
 * What a person needs to see about orders the ledger check still disagrees with at the end:
 * the row, its poll schedule, its event history and DOKU's entry (notifications included).
 * Written to `file` (JSON); the databases are dropped when the run ends.
 */
export async function explainOrders(dbUrl, ledger, lines, file) {
  const ids = [...new Set(lines.join(' ').match(/ord_[a-z0-9]{24}/g) ?? [])];
  if (!ids.length) return null;
  const c = new pg.Client({ connectionString: dbUrl });
  c.on('error', () => {});
  await c.connect();
  try {
    const out = [];
    for (const id of ids) {
      const order = (await c.query(`SELECT * FROM orders WHERE id = $1`, [id])).rows[0];
      const polls = (await c.query(`SELECT * FROM order_polls WHERE order_id = $1`, [id])).rows;
      const events = (
        await c.query(
          `SELECT type, from_status, to_status, source, details, created_at FROM order_events
           WHERE order_id = $1 ORDER BY id`,
          [id],
        )
      ).rows;
      const tx = ledger.transactions.find(
        (t) => t.partnerReferenceNo === order?.partner_reference_no,
      );
      out.push({ order, polls, events, ledger: tx ?? null });
    }
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(out, null, 2));
    return file;
  } finally {
    await c.end();
  }
}

/**
 * What a scenario of creates counts against DOKU's ledger: every key has one order and one
 * QR (`checkKeys`), and our orders, refunds and payments agree with the ledger. In short
 * mode a CREATING order answered 409 is not a finding: the long mode waits for it.
 * Writes the counts and notes on `f`; returns the rows read.
 */
export async function judgeCreatesAgainstLedger(f, stack, keys, { short }) {
  const ours = await readOurRows(stack.dbUrl);
  const ledger = await stack.ledger();
  const k = checkKeys(keys, ours.orders, ledger.transactions, { settled: !short });
  f.lost = k.lost.length;
  f.duplicate = k.duplicate.length;
  for (const n of [...k.lost, ...k.duplicate, ...k.wrong]) f.note(n);
  const verdict = compareWithLedger(ours, ledger);
  const unsettled = settledFindings(verdict, short);
  f.wrong = k.wrong.length + verdict.wrong.length + unsettled.length;
  for (const w of [...verdict.wrong, ...unsettled]) f.note(w);
  return ours;
}

/** The ledger's "unsettled" findings that count: in short mode, not the CREATING ones. */
export function settledFindings(verdict, short) {
  return short ? verdict.unsettled.filter((u) => !/still CREATING/.test(u)) : verdict.unsettled;
}
