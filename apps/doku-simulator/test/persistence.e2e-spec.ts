// stateFile: the simulator remembers what DOKU would across a restart (dev mode keeps one
// under DATA_DIR so `npm start` can be restarted between creating and paying an order).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SNAP_PATHS } from '#doku-snap';
import { NotificationReceiver } from './support/notification-receiver.js';
import {
  generateBody,
  MERCHANT_ID,
  startFixture,
  type Fixture,
} from './support/simulator-fixture.js';
import { SnapTestClient } from './support/snap-test-client.js';

describe('doku-simulator: state kept in a state file across restarts', () => {
  let dir: string;
  let stateFile: string;
  let receiver: NotificationReceiver;
  const running: Fixture[] = [];
  const start = async () => {
    const f = await startFixture({
      stateFile,
      notificationUrl: receiver.url,
      notificationRetryTimeFactor: 0.0001,
    });
    running.push(f);
    return f;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sim-state-'));
    stateFile = path.join(dir, 'simulator-state.json');
    receiver = await new NotificationReceiver().start();
  });
  afterAll(async () => {
    for (const f of running) await f.sim.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = (client: SnapTestClient, partnerReferenceNo: string) =>
    client.call(SNAP_PATHS.query, {
      originalPartnerReferenceNo: partnerReferenceNo,
      serviceCode: '51',
      merchantId: MERCHANT_ID,
    });

  it('knows its QRs, payments, refunds, calls and tokens after a restart', async () => {
    const first = await start();
    const unpaid = generateBody();
    const paid = generateBody();
    expect((await first.client.call(SNAP_PATHS.generate, unpaid)).status).toBe(200);
    const g = await first.client.call(SNAP_PATHS.generate, paid);
    first.sim.pay(g.body.referenceNo);
    await first.sim.notificationsIdle();
    const refund = {
      merchantId: MERCHANT_ID,
      originalPartnerReferenceNo: paid.partnerReferenceNo,
      partnerRefundNo: 'RF-KEPT-1',
      refundAmount: { value: '2500.00', currency: 'IDR' },
      reason: 'kept',
    };
    const refunded = await first.client.call(SNAP_PATHS.refund, refund);
    expect(refunded.status).toBe(200);
    expect((await query(first.client, unpaid.partnerReferenceNo as string)).status).toBe(200);
    const before = first.sim.ledger();
    const token = first.client.token;
    await first.sim.close();

    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['simulator-state.json']); // no temp file left behind

    const second = await start();
    const after = second.sim.ledger();
    expect(after.transactions).toEqual(before.transactions);
    expect(after.counters).toEqual(before.counters);
    // The same B2B token still works, now against the new process (and its new port).
    const client = new SnapTestClient(second.sim.url, first.client.merchant);
    client.token = token;
    const q = await query(client, unpaid.partnerReferenceNo as string);
    expect(q.body).toMatchObject({ responseCode: '2005100', latestTransactionStatus: '03' });
    const p = await query(client, paid.partnerReferenceNo as string);
    expect(p.body).toMatchObject({ responseCode: '2005100', latestTransactionStatus: '00' });
    // partnerRefundNo stays the idempotency key: the same refund again, not a second one.
    const again = await client.call(SNAP_PATHS.refund, refund);
    expect(again.body.refundNo).toBe(refunded.body.refundNo);
    expect(second.sim.transaction(g.body.referenceNo)!.refunds).toHaveLength(1);
    await second.sim.close();
  });

  it('resumes a notification that was waiting for its retry when it stopped', async () => {
    rmSync(stateFile, { force: true });
    receiver.statuses = [500, 200];
    const first = await start();
    const g = await first.client.call(SNAP_PATHS.generate, generateBody());
    first.sim.pay(g.body.referenceNo);
    // The first attempt (answered 500) is recorded, its retry scheduled.
    const deadline = Date.now() + 5000;
    while (first.sim.transaction(g.body.referenceNo)!.notifications[0].attempts.length === 0) {
      if (Date.now() > deadline) throw new Error('no first attempt');
      await new Promise((r) => setTimeout(r, 5));
    }
    await first.sim.close(); // before the retry (+30 min x 0.0001 = 180 ms)
    const stopped = first.sim.transaction(g.body.referenceNo)!.notifications[0];
    expect(stopped.status).toBe('scheduled');

    const second = await start();
    await second.sim.notificationsIdle();
    const n = second.sim.transaction(g.body.referenceNo)!.notifications[0];
    expect(n.status).toBe('delivered');
    expect(n.attempts.map((a) => a.httpStatus)).toEqual([500, 200]);
    expect(n.externalId).toBe(stopped.externalId); // the same X-EXTERNAL-ID on every retry
    await second.sim.close();
  });
});
