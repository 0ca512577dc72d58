import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import type { Stack } from '../../../test/support/stack.js';
import {
  eventsOf,
  orderRow,
  reconcilerSpec,
  setNextPoll,
  type SteeredClock,
  sweep,
  webhooksOf,
} from './reconciler.support.js';

const S = 1000;

/**
 * When the reconciler may first ask DOKU about a CREATING order: its first poll is written
 * from the service's clock before the insert, the in-flight window runs from the row's
 * created_at (the database's clock, a little later, more so under load). The later of both.
 */
const settledAt = (row: { next_poll_at: Date | null; created_at: Date }) =>
  new Date(Math.max(row.next_poll_at!.getTime(), row.created_at.getTime() + 30 * S));

/**
 * A generate call that times out leaves the order CREATING: DOKU may or may not have made
 * the QR. The reconciler asks DOKU by our partnerReferenceNo and settles all three cases.
 */
describe('reconciler: CREATING orders whose generate outcome is unknown', () => {
  const spec = reconcilerSpec('rec_creating', { DOKU_TIMEOUT_MS: '300' });
  let s: Stack;
  let ds: DataSource;
  let clock: SteeredClock;
  beforeAll(() => ({ s, ds, clock } = spec));

  /** POST /v1/orders while DOKU's generate times out (after creating the QR, or before). */
  async function createTimingOut(qrCreatedAtDoku: boolean) {
    s.simulator.setEndpointFault('generate', {
      timeoutRate: 1,
      afterProcessing: qrCreatedAtDoku,
      times: 1,
    });
    const res = await http('POST', `${s.service.url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: 'INV-creating', amount: 1_000_000, currency: 'IDR' },
      headers: { 'Idempotency-Key': `k-${randomBytes(8).toString('hex')}` },
    });
    expect(res.status).toBe(504);
    const id = res.body.details.order.id as string;
    const partnerReferenceNo = res.body.details.order.doku.partnerReferenceNo as string;
    const row = await orderRow(ds, id);
    expect(row.status).toBe('CREATING');
    const atDoku = s.simulator
      .ledger()
      .transactions.find((t) => t.partnerReferenceNo === partnerReferenceNo);
    expect(Boolean(atDoku)).toBe(qrCreatedAtDoku);
    return { id, partnerReferenceNo, row, atDoku };
  }

  it('leaves a CREATING order alone while its generate call may still be in flight', async () => {
    const { id, row } = await createTimingOut(true);
    await setNextPoll(ds, id, clock.now());
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, stillPending: 1 });
    const after = await orderRow(ds, id);
    expect(after.status).toBe('CREATING');
    expect(after.next_poll_at!.getTime() - row.created_at.getTime()).toBe(30 * S);
    expect(s.simulator.ledger().counters.queries).toBe(0);
  });

  it('paid at DOKU -> PAID (the money moved; never lose it), with DOKU’s reference', async () => {
    const { id, row, atDoku } = await createTimingOut(true);
    s.simulator.setNotificationFault({ dropRate: 1, times: 1 });
    s.simulator.pay(atDoku!.referenceNo, { issuer: 'DANA' });
    clock.reach(settledAt(row));
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, paid: 1 });
    expect(await orderRow(ds, id)).toMatchObject({
      status: 'PAID',
      flags: [],
      paid_amount: 1_000_000,
      reference_no: atDoku!.referenceNo,
      next_poll_at: null,
    });
    expect(await webhooksOf(ds, id)).toEqual(['order.paid']);
  });

  it('exists unpaid -> cancelled at DOKU, then FAILED with GATEWAY_OUTCOME_UNKNOWN', async () => {
    const { id, row, atDoku } = await createTimingOut(true);
    clock.reach(settledAt(row));
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, failed: 1 });
    expect(await orderRow(ds, id)).toMatchObject({
      status: 'FAILED',
      failure_code: 'GATEWAY_OUTCOME_UNKNOWN',
      next_poll_at: null,
    });
    const tx = s.simulator.transaction(atDoku!.referenceNo)!;
    expect(tx.cancelledAt).not.toBeNull();
    expect(tx.status).toBe('cancelled');
    // The QR cannot be paid any more.
    expect(() => s.simulator.pay(atDoku!.referenceNo)).toThrow(/CANCELLED/);
    const failed = (await eventsOf(ds, id)).find((e) => e.type === 'order.creation_failed');
    expect(failed).toMatchObject({
      source: 'reconciler',
      details: expect.objectContaining({ cancelledAtDoku: true }),
    });
    expect(await webhooksOf(ds, id)).toEqual(['order.failed']);
    // The shop's replay of its create now gets the final answer.
    const view = (await http('GET', `${s.service.url}/v1/orders/${id}`, { key: TEST_SERVICE_KEY }))
      .body;
    expect(view).toMatchObject({ status: 'FAILED', failure: { code: 'GATEWAY_OUTCOME_UNKNOWN' } });
  });

  it('paid while we cancel -> DOKU refuses the cancel, the next query finds the payment: PAID', async () => {
    const { id, row, atDoku } = await createTimingOut(true);
    s.simulator.setNotificationFault({ dropRate: 1, times: 1 });
    // The customer pays between our query and our cancel: DOKU refuses the cancel (405).
    s.simulator.setEndpointFault('cancel', {
      errorRate: 1,
      errorStatus: 405,
      errorResponseCode: '4057701',
      errorMessage: 'Operation Not Allowed',
      times: 1,
    });
    clock.reach(settledAt(row));
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, stillPending: 1 });
    expect((await orderRow(ds, id)).status).toBe('CREATING');
    s.simulator.pay(atDoku!.referenceNo);
    clock.advance(2 * S);
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, paid: 1 });
    expect((await orderRow(ds, id)).status).toBe('PAID');
    expect((await eventsOf(ds, id)).map((e) => e.type)).toEqual([
      'order.created',
      'reconciler.cancel_refused',
      'order.payment_confirmed',
    ]);
  });

  it('not found -> polled again during the grace period, FAILED after it', async () => {
    const { id, row } = await createTimingOut(false);
    clock.reach(settledAt(row));
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, stillPending: 1 });
    const waiting = await orderRow(ds, id);
    expect(waiting.status).toBe('CREATING');
    expect(waiting.next_poll_at).not.toBeNull();
    const notFound = (await eventsOf(ds, id)).find((e) => e.type === 'reconciler.query_not_found');
    expect(notFound?.details).toMatchObject({ responseCode: '4045101' });

    clock.reach(row.created_at, 120 * S);
    await setNextPoll(ds, id, clock.now());
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, failed: 1 });
    expect(await orderRow(ds, id)).toMatchObject({
      status: 'FAILED',
      failure_code: 'GATEWAY_OUTCOME_UNKNOWN',
      next_poll_at: null,
    });
    expect(await webhooksOf(ds, id)).toEqual(['order.failed']);
  });

  it('keeps a CREATING order CREATING while DOKU cannot answer (never FAILED on an error)', async () => {
    const { id, row } = await createTimingOut(false);
    s.simulator.setEndpointFault('query', { errorRate: 1, errorStatus: 503 });
    clock.reach(row.created_at, 10 * 60 * S);
    await setNextPoll(ds, id, clock.now());
    expect(await sweep(s.service.app)).toMatchObject({ claimed: 1, errors: 1 });
    const kept = await orderRow(ds, id);
    expect(kept.status).toBe('CREATING');
    expect(kept.next_poll_at!.getTime()).toBeGreaterThan(clock.now().getTime());
  });
});
