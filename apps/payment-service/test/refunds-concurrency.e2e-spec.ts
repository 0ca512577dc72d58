import { startStack, type Stack } from '../../../test/support/stack.js';
import { adminOrder, dokuRefunds, paidOrder, refund, refundRows } from './refunds.support.js';

describe('refunds: two people (or fifty) clicking at once never refund more than was paid', () => {
  let s: Stack;

  beforeAll(async () => {
    s = await startStack({ label: 'refunds_race', env: { DOKU_TIMEOUT_MS: '5000' } });
  });
  afterAll(() => s?.close());

  it('accepts 50 concurrent partial refunds only up to the paid amount, and DOKU’s ledger agrees', async () => {
    const paidAmount = 1_000_000;
    const order = await paidOrder(s, paidAmount);
    // 25 x 30 000 + 25 x 50 000 = 2 000 000: twice what was paid.
    const amounts = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 30_000 : 50_000));
    const answers = await Promise.all(
      amounts.map((amount, i) => refund(s, order.id, { amount, reason: `click ${i}` })),
    );

    const accepted = answers.filter((a) => a.status === 201);
    const rejected = answers.filter((a) => a.status !== 201);
    for (const r of rejected) {
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('REFUND_EXCEEDS_PAID_AMOUNT');
    }
    const acceptedTotal = accepted.reduce((sum, a) => sum + (a.body.amount as number), 0);
    expect(acceptedTotal).toBeLessThanOrEqual(paidAmount);
    // None was refused wrongly: the refundable amount only shrinks, so each refused
    // amount is above what is left at the end.
    const left = paidAmount - acceptedTotal;
    for (const r of rejected) expect(r.body.details.requested).toBeGreaterThan(left);
    expect(accepted.length).toBeGreaterThan(0);
    expect(rejected.length).toBeGreaterThan(0);

    // Our rows, DOKU's ledger and the accepted answers are the same refunds.
    const rows = await refundRows(s, order.id);
    expect(rows.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    expect(rows.reduce((sum, r) => sum + Number(r.amount), 0)).toBe(acceptedTotal);
    const atDoku = dokuRefunds(s, order);
    expect(atDoku.reduce((sum, r) => sum + r.amountMinor, 0)).toBe(acceptedTotal);
    expect(atDoku.map((r) => r.partnerRefundNo).sort()).toEqual(
      accepted.map((a) => a.body.id as string).sort(),
    );

    const view = await adminOrder(s, order.id);
    expect(view.refundSummary).toEqual({
      paidAmount,
      refundedAmount: acceptedTotal,
      inFlightAmount: 0,
      refundableAmount: left,
    });
    expect(view.status).toBe(left === 0 ? 'REFUNDED' : 'PARTIALLY_REFUNDED');
    const transitions = view.events.filter((e: { type: string }) =>
      ['order.partially_refunded', 'order.fully_refunded'].includes(e.type),
    );
    expect(transitions).toHaveLength(accepted.length);
  });

  it('lets exactly one of two simultaneous full refunds through', async () => {
    const order = await paidOrder(s, 200_000);
    const [a, b] = await Promise.all([
      refund(s, order.id, { amount: 200_000, reason: 'alice clicked' }),
      refund(s, order.id, { amount: 200_000, reason: 'bob clicked' }),
    ]);
    // The loser is refused either while the winner's refund holds the amount (422
    // REFUND_EXCEEDS_PAID_AMOUNT) or, when it arrives after the winner settled, because the
    // order is REFUNDED by then (409 ORDER_NOT_REFUNDABLE): which one is a matter of timing.
    const [won, lost] = a.status === 201 ? [a, b] : [b, a];
    expect(won.status).toBe(201);
    expect([
      { status: 422, code: 'REFUND_EXCEEDS_PAID_AMOUNT' },
      { status: 409, code: 'ORDER_NOT_REFUNDABLE' },
    ]).toContainEqual({ status: lost.status, code: lost.body.code });
    expect(dokuRefunds(s, order)).toHaveLength(1);
    expect((await adminOrder(s, order.id)).status).toBe('REFUNDED');
  });
});
