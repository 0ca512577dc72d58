// Tampered signatures in each direction: our requests as the simulator checks them, and the
// simulator's notifications as the merchant checks them (with this library's verifier).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  NodeHttpTransport,
  parseQrNotification,
  SNAP_PATHS,
  verifyNotificationRequest,
  type HttpRequest,
  type HttpTransport,
} from '#doku-snap';
import { Harness, inMinutes, orderId } from './support/simulator.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}

/** A merchant notification endpoint that records what arrives and acknowledges it. */
async function receiver() {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"responseCode":"2005200","responseMessage":"Successful"}');
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${SNAP_PATHS.notify}`,
    received,
    next: () => new Promise<void>((r) => waiters.push(r)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A transport that changes the body after it was signed (a man in the middle). */
class TamperingTransport implements HttpTransport {
  private readonly inner = new NodeHttpTransport();
  constructor(private readonly tamper: (req: HttpRequest) => HttpRequest) {}
  send(req: HttpRequest) {
    return this.inner.send(req.url.includes('/snap-adapter/') ? this.tamper(req) : req);
  }
  close() {
    this.inner.close();
  }
}

describe('DokuSnapClient x doku-simulator: tampered signatures', () => {
  let h: Harness;
  let r: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    r = await receiver();
    h = await Harness.start({ notificationUrl: r.url });
  });
  afterAll(async () => {
    await h.close();
    await r.close();
  });

  const generate = (client = h.client(), amountMinor = 10_000) =>
    client.generateQr({
      partnerReferenceNo: orderId(),
      amountMinor,
      terminalId: 'A01',
      validUntil: inMinutes(30),
    });

  describe('merchant -> DOKU', () => {
    it('a body changed after signing is refused: auth_failed (401xx00), not retried', async () => {
      const client = h.client({
        transport: new TamperingTransport((req) => ({
          ...req,
          body: req.body.replace('"100.00"', '"1.00"'),
        })),
      });
      expect(await generate(client)).toMatchObject({
        kind: 'auth_failed',
        reason: 'signature',
        responseCode: '4014700',
        attempts: 1,
      });
    });

    it('a re-serialised body (same JSON, other bytes) is refused too', async () => {
      const client = h.client({
        transport: new TamperingTransport((req) => ({
          ...req,
          body: JSON.stringify(JSON.parse(req.body), null, 1),
        })),
      });
      expect(await generate(client)).toMatchObject({ kind: 'auth_failed', reason: 'signature' });
    });

    it('a wrong client secret is refused', async () => {
      expect(await generate(h.client({ clientSecret: 'not-the-secret' }))).toMatchObject({
        kind: 'auth_failed',
        reason: 'signature',
      });
    });

    it('a changed X-SIGNATURE header is refused', async () => {
      const client = h.client({
        transport: new TamperingTransport((req) => ({
          ...req,
          // Always a different first character (an 'A' over an 'A' changed nothing, 1 run in 64).
          headers: {
            ...req.headers,
            'X-SIGNATURE':
              (req.headers['X-SIGNATURE'].startsWith('A') ? 'B' : 'A') +
              req.headers['X-SIGNATURE'].slice(1),
          },
        })),
      });
      expect(await generate(client)).toMatchObject({ kind: 'auth_failed', reason: 'signature' });
    });
  });

  describe('DOKU -> merchant (qr-mpm-notify)', () => {
    async function payAndReceive() {
      const o = await generate(h.client(), 25_000);
      if (o.kind !== 'success') throw new Error(o.kind);
      const arrived = r.next();
      h.sim.pay(o.value.referenceNo);
      await arrived;
      return {
        notification: r.received[r.received.length - 1],
        partnerReferenceNo: o.value.partnerReferenceNo,
      };
    }

    const verify = (n: Received, over: { rawBody?: string; publicKeyPems?: string } = {}) =>
      verifyNotificationRequest({
        method: 'POST',
        path: n.path,
        rawBody: over.rawBody ?? n.rawBody,
        headers: n.headers,
        now: new Date(),
        mode: { kind: 'asymmetric', publicKeyPems: over.publicKeyPems ?? h.sim.dokuPublicKeyPem },
      });

    it('a genuine notification verifies over the raw bytes and parses into our type', async () => {
      const { notification, partnerReferenceNo } = await payAndReceive();
      expect(verify(notification).ok).toBe(true);
      expect(parseQrNotification(notification.rawBody)).toMatchObject({
        ok: true,
        value: {
          originalPartnerReferenceNo: partnerReferenceNo,
          status: 'success',
          amount: { minor: 25_000 },
        },
      });
    });

    it('a tampered body, a re-serialised body or the wrong key fails verification', async () => {
      const { notification, partnerReferenceNo } = await payAndReceive();
      const tampered = notification.rawBody.replace(partnerReferenceNo, orderId());
      expect(tampered).not.toBe(notification.rawBody);
      expect(verify(notification, { rawBody: tampered })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
      expect(
        verify(notification, {
          rawBody: JSON.stringify(JSON.parse(notification.rawBody), null, 2),
        }),
      ).toEqual({ ok: false, reason: 'bad_signature' });
      const { testKeys } = await import('./support/simulator.js');
      expect(verify(notification, { publicKeyPems: testKeys().merchant.publicKeyPem })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    });

    it('a notification the simulator signs badly (fault) fails verification', async () => {
      h.sim.setNotificationFault({ badSignatureRate: 1, times: 1 });
      const { notification } = await payAndReceive();
      expect(verify(notification)).toEqual({ ok: false, reason: 'bad_signature' });
    });
  });
});
