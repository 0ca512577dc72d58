import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SNAP_PATHS, verifyAsymmetric, verifySymmetric, verifyTokenRequest } from '#doku-snap';
import { NotificationReceiver, type Received } from './support/notification-receiver.js';
import { generateBody, startFixture, type Fixture } from './support/simulator-fixture.js';

// DOKU's +30 min, +6 h, +12 h become +90 ms, +1.08 s, +2.16 s.
const FACTOR = 0.00005;

function verified(f: Fixture, n: Received): boolean {
  return verifyAsymmetric({
    method: 'POST',
    path: SNAP_PATHS.notify,
    body: n.body,
    timestamp: n.headers['x-timestamp'] as string,
    signature: n.headers['x-signature'] as string,
    publicKeyPems: f.sim.dokuPublicKeyPem,
  });
}

describe('doku-simulator: qr-mpm-notify delivery', () => {
  let f: Fixture;
  let receiver: NotificationReceiver;

  beforeEach(async () => {
    receiver = await new NotificationReceiver().start();
    f = await startFixture({ notificationUrl: receiver.url, notificationRetryTimeFactor: FACTOR });
  });
  afterEach(async () => {
    await f.sim.close();
    await receiver.close();
  });

  async function paidQr(): Promise<string> {
    const g = await f.client.call(SNAP_PATHS.generate, generateBody());
    f.sim.pay(g.body.referenceNo);
    return g.body.referenceNo;
  }

  it("signs with DOKU's key over the raw body and sends SNAP's headers", async () => {
    await paidQr();
    await receiver.waitFor(1);
    const n = receiver.received[0];
    expect(verified(f, n)).toBe(true);
    expect(n.headers).toMatchObject({
      'x-partner-id': 'client-a',
      'channel-id': 'H2H',
      'content-type': 'application/json',
    });
    expect(n.headers['x-timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  });

  it("retries a failed delivery on DOKU's schedule times the factor, with the same X-EXTERNAL-ID and body", async () => {
    receiver.statuses = [500, 503, 200];
    const ref = await paidQr();
    await receiver.waitFor(3, 5000);
    expect(new Set(receiver.received.map((r) => r.headers['x-external-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    await f.sim.notificationsIdle();
    const [n] = f.sim.transaction(ref)!.notifications;
    expect(n.status).toBe('delivered');
    expect(n.attempts.map((x) => x.httpStatus)).toEqual([500, 503, 200]);
    const offsets = n.attempts.map((x) => Date.parse(x.at!) - Date.parse(n.createdAt!));
    expect(offsets[1]).toBeGreaterThanOrEqual(90);
    expect(offsets[1]).toBeLessThan(1000);
    expect(offsets[2]).toBeGreaterThanOrEqual(1080);
  });

  it('gives up after the third retry', async () => {
    receiver.statuses = [500];
    const ref = await paidQr();
    await f.sim.notificationsIdle();
    expect(receiver.received).toHaveLength(4);
    const [n] = f.sim.transaction(ref)!.notifications;
    expect(n.status).toBe('failed');
    expect(n.attempts).toHaveLength(4);
  });

  it('retries when the merchant is unreachable, and delivers to a URL set at runtime', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    f.sim.setNotificationUrl(`http://127.0.0.1:${port}/v1.0/qr/qr-mpm-notify`);
    const ref = await paidQr();
    await new Promise((r) => setTimeout(r, 50));
    f.sim.setNotificationUrl(receiver.url);
    await receiver.waitFor(1, 3000);
    await f.sim.notificationsIdle();
    const [n] = f.sim.transaction(ref)!.notifications;
    expect(n.status).toBe('delivered');
    expect(n.attempts[0]).toMatchObject({
      ok: false,
      httpStatus: null,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('drops a notification (never sent, never retried) when told to', async () => {
    f.sim.setNotificationFault({ dropRate: 1, times: 1 });
    const dropped = await paidQr();
    const delivered = await paidQr();
    await receiver.waitFor(1);
    await f.sim.notificationsIdle();
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0].body).originalReferenceNo).toBe(delivered);
    expect(f.sim.transaction(dropped)!.notifications[0]).toMatchObject({
      status: 'dropped',
      attempts: [],
    });
  });

  it('duplicates a notification', async () => {
    f.sim.setNotificationFault({ duplicateRate: 1 });
    await paidQr();
    await receiver.waitFor(2);
    const [a, b] = receiver.received;
    expect(a.body).toBe(b.body);
    expect(a.headers['x-external-id']).toBe(b.headers['x-external-id']);
  });

  it('delays a notification', async () => {
    f.sim.setNotificationFault({ delayMs: 300 });
    const t0 = Date.now();
    await paidQr();
    await receiver.waitFor(1);
    expect(receiver.received[0].at - t0).toBeGreaterThanOrEqual(290);
  });

  it('reorders: the later notification arrives first', async () => {
    f.sim.setNotificationFault({ reorder: true });
    const first = await paidQr();
    const second = await paidQr();
    await receiver.waitFor(2);
    expect(receiver.received.map((r) => JSON.parse(r.body).originalReferenceNo)).toEqual([
      second,
      first,
    ]);
  });

  it('sends a bad signature when told to (and records it)', async () => {
    f.sim.setNotificationFault({ badSignatureRate: 1, times: 1 });
    const ref = await paidQr();
    await receiver.waitFor(1);
    expect(verified(f, receiver.received[0])).toBe(false);
    await f.sim.notificationsIdle();
    expect(f.sim.transaction(ref)!.notifications[0].attempts[0].badSignature).toBe(true);
  });

  it('records notifications in the ledger over HTTP', async () => {
    const ref = await paidQr();
    await f.sim.notificationsIdle();
    const ledger = (await (await fetch(`${f.sim.url}/simulator/v1/ledger`)).json()) as {
      transactions: Array<Record<string, any>>;
    };
    const tx = ledger.transactions.find((t) => t.referenceNo === ref)!;
    expect(tx.notifications).toEqual([
      expect.objectContaining({
        event: 'payment',
        status: 'delivered',
        attempts: [expect.objectContaining({ ok: true, httpStatus: 200, responseCode: '2005200' })],
      }),
    ]);
    expect(tx.notifications[0].body).toMatchObject({
      originalReferenceNo: ref,
      latestTransactionStatus: '00',
    });
  });
});

describe('doku-simulator: symmetric notifications (token, then HMAC)', () => {
  let server: Server;
  let f: Fixture;
  const seen: Array<{ path: string; ok: boolean }> = [];
  const notifyTimestamps: string[] = [];
  const TOKEN = 'merchant-issued-token';

  beforeAll(async () => {
    let dokuPublicKeyPem = '';
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const h = req.headers as Record<string, string>;
        if (req.url === SNAP_PATHS.tokenB2b) {
          const ok = verifyTokenRequest(
            dokuPublicKeyPem,
            h['x-client-key'],
            h['x-timestamp'],
            h['x-signature'],
          );
          seen.push({ path: req.url, ok });
          res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify(
              ok
                ? {
                    responseCode: '2007300',
                    accessToken: TOKEN,
                    tokenType: 'Bearer',
                    expiresIn: 900,
                  }
                : { responseCode: '4017300' },
            ),
          );
          return;
        }
        const ok =
          h.authorization === `Bearer ${TOKEN}` &&
          verifySymmetric({
            method: 'POST',
            path: req.url!,
            accessToken: TOKEN,
            body,
            timestamp: h['x-timestamp'],
            clientSecret: 'secret-a',
            signature: h['x-signature'],
          });
        seen.push({ path: req.url!, ok });
        notifyTimestamps.push(h['x-timestamp']);
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ responseCode: ok ? '2005200' : '4015200' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    f = await startFixture({
      notificationMode: 'symmetric',
      notificationUrl: `${base}${SNAP_PATHS.notify}`,
    });
    dokuPublicKeyPem = f.sim.dokuPublicKeyPem;
  });
  afterAll(async () => {
    await f?.sim.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("fetches the merchant's token once, then signs each notification with HMAC-SHA512", async () => {
    for (let i = 0; i < 2; i++) {
      const g = await f.client.call(SNAP_PATHS.generate, generateBody());
      f.sim.pay(g.body.referenceNo);
      await f.sim.notificationsIdle();
    }
    expect(seen).toEqual([
      { path: SNAP_PATHS.tokenB2b, ok: true },
      { path: SNAP_PATHS.notify, ok: true },
      { path: SNAP_PATHS.notify, ok: true },
    ]);
    // DOKU's notification page: X-TIMESTAMP like 2020-12-21T07:56:11.000Z (UTC, milliseconds).
    expect(notifyTimestamps).toHaveLength(2);
    for (const t of notifyTimestamps) {
      expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      expect(Math.abs(Date.parse(t) - Date.now())).toBeLessThan(10_000);
    }
  });
});
