import { parseQris } from '#qris';
import { SNAP_PATHS, verifyAsymmetric } from '#doku-snap';
import {
  generateBody,
  MERCHANT_ID,
  startFixture,
  type Fixture,
} from './support/simulator-fixture.js';
import { NotificationReceiver } from './support/notification-receiver.js';

describe('doku-simulator: token, generate, query, pay, notify', () => {
  let f: Fixture;
  let receiver: NotificationReceiver;

  beforeAll(async () => {
    receiver = await new NotificationReceiver().start();
    f = await startFixture({ notificationUrl: receiver.url });
  });
  afterAll(async () => {
    await f?.sim.close();
    await receiver?.close();
  });

  it('issues a B2B token for a correctly signed request', async () => {
    const r = await f.client.post(
      SNAP_PATHS.tokenB2b,
      f.client.tokenHeaders(),
      '{"grantType":"client_credentials"}',
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      responseCode: '2007300',
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    expect(typeof r.body.accessToken).toBe('string');
  });

  it('generates a valid dynamic QRIS, reports it pending, then paid after a payment, and notifies the merchant', async () => {
    const body = generateBody({
      feeAmount: { value: '500.00', currency: 'IDR' },
      additionalInfo: { feeType: 2 },
    });
    const gen = await f.client.call(SNAP_PATHS.generate, body);
    expect(gen.status).toBe(200);
    expect(gen.body).toMatchObject({
      responseCode: '2004700',
      partnerReferenceNo: body.partnerReferenceNo,
      terminalId: 'A01',
    });
    const parsed = parseQris(gen.body.qrContent);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.qris.initiation).toBe('dynamic');
    expect(parsed.qris.amount?.minor).toBe(1_000_000);
    expect(parsed.qris.tip).toEqual({ indicator: 'fixed', minor: 50_000, text: '500.00' });
    expect(parsed.qris.merchantName).toBe('Green Pages');
    expect(parsed.qris.additionalData?.terminalLabel).toBe('A01');
    expect(parsed.qris.additionalData?.templates).toEqual([
      expect.objectContaining({ id: '50', value: body.partnerReferenceNo }),
    ]);
    expect(parsed.qris.merchantAccounts[0]).toMatchObject({
      gui: 'COM.DOKU.WWW',
      merchantId: MERCHANT_ID,
    });
    expect(parsed.qris.merchantAccounts[0].pan?.startsWith('93600899')).toBe(true);

    const queryBody = {
      originalReferenceNo: gen.body.referenceNo,
      originalPartnerReferenceNo: body.partnerReferenceNo,
      serviceCode: '51',
      merchantId: MERCHANT_ID,
    };
    const pending = await f.client.call(SNAP_PATHS.query, queryBody);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({
      responseCode: '2005100',
      latestTransactionStatus: '03',
      amount: { value: 10000, currency: 'IDR' },
    });

    const pay = await fetch(`${f.sim.url}/simulator/v1/qris/${gen.body.referenceNo}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ issuer: 'GOPAY', customerName: 'Budi' }),
    });
    expect(pay.status).toBe(200);
    const paid = await f.client.call(SNAP_PATHS.query, queryBody);
    expect(paid.body).toMatchObject({
      latestTransactionStatus: '00',
      transactionStatusDesc: 'Success',
      feeAmount: { value: 500, currency: 'IDR' },
      additionalInfo: { issuerName: 'GOPAY', customerName: expect.stringMatching(/^BUDI +$/) },
    });
    expect(typeof paid.body.paidTime).toBe('string');

    await receiver.waitFor(1);
    const n = receiver.received[0];
    expect(n.path).toBe('/v1.0/qr/qr-mpm-notify');
    expect(
      verifyAsymmetric({
        method: 'POST',
        path: '/v1.0/qr/qr-mpm-notify',
        body: n.body,
        timestamp: n.headers['x-timestamp'] as string,
        signature: n.headers['x-signature'] as string,
        publicKeyPems: f.sim.dokuPublicKeyPem,
      }),
    ).toBe(true);
    expect(JSON.parse(n.body)).toMatchObject({
      originalPartnerReferenceNo: body.partnerReferenceNo,
      latestTransactionStatus: '00',
    });
    expect(n.headers['x-partner-id']).toBe('client-a');
    expect(n.headers['x-external-id']).toMatch(/^\d{1,36}$/);
    await f.sim.notificationsIdle();
    const ledgerTx = f.sim.transaction(gen.body.referenceNo)!;
    expect(ledgerTx.status).toBe('paid');
    expect(ledgerTx.queryCount).toBe(2);
    expect(ledgerTx.notifications[0].status).toBe('delivered');
  });
});
