import { formatSnapTimestamp, SNAP_PATHS } from '#doku-snap';
import { buildMerchantPan, buildQris } from '#qris';
import { NotificationReceiver } from './support/notification-receiver.js';
import { generateBody, startFixture, type Fixture } from './support/simulator-fixture.js';

const staticQr = buildQris({
  initiation: 'static',
  merchantAccounts: [
    {
      tag: '26',
      gui: 'ID.CO.BANKX.WWW',
      pan: buildMerchantPan('93600014', '000000001'),
      merchantId: 'M1',
      criteria: 'UMI',
    },
  ],
  mcc: '5812',
  merchantName: 'Warung Sate',
  merchantCity: 'Bandung',
  postalCode: '40111',
});

describe('doku-simulator: qr-mpm-decode and qr-mpm-payment', () => {
  let f: Fixture;
  let receiver: NotificationReceiver;
  let customerToken: string;
  let counter = 0;

  beforeAll(async () => {
    receiver = await new NotificationReceiver().start();
    f = await startFixture({ notificationUrl: receiver.url });
    customerToken = (await f.client.customerToken('customer-1')).body.accessToken;
  });
  afterAll(async () => {
    await f?.sim.close();
    await receiver?.close();
  });

  const decode = (qrContent: string) =>
    f.client.call(SNAP_PATHS.decode, {
      partnerReferenceNo: `DEC${++counter}`,
      qrContent,
      scanTime: formatSnapTimestamp(new Date()),
    });
  const pay = (body: Record<string, unknown>, token: string | null = customerToken) =>
    f.client.call(
      SNAP_PATHS.payment,
      { partnerReferenceNo: `PAY${Date.now()}${++counter}`, ...body },
      token ? { 'authorization-customer': `Bearer ${token}` } : {},
    );

  describe('decode', () => {
    it('decodes a QR it issued: merchant, amount, fixed fee, dynamic', async () => {
      const g = await f.client.call(
        SNAP_PATHS.generate,
        generateBody({
          amount: { value: '1200.00', currency: 'IDR' },
          feeAmount: { value: '500.00', currency: 'IDR' },
        }),
      );
      const r = await decode(g.body.qrContent);
      expect(r.body).toMatchObject({
        responseCode: '2004800',
        merchantName: 'Green Pages',
        transactionAmount: { value: 1200, currency: 'IDR' },
        feeAmount: { value: 500, currency: 'IDR' },
        additionalInfo: {
          pointOfInitiationMethod: 12,
          pointOfInitiationMethodDescription: 'DYNAMIC',
          feeType: 2,
          feeTypeDescription: 'FIX_TIPS',
        },
      });
    });

    it("decodes another PJSP's static QR without an amount", async () => {
      const r = await decode(staticQr);
      expect(r.status).toBe(200);
      expect(r.body.merchantName).toBe('Warung Sate');
      expect(r.body.transactionAmount).toBeUndefined();
      expect(r.body.additionalInfo).toEqual({
        pointOfInitiationMethod: 11,
        pointOfInitiationMethodDescription: 'STATIC',
      });
    });

    it('refuses a QR with a wrong CRC or broken TLV: 4004801 naming qrContent', async () => {
      const badCrc = staticQr.slice(0, -4) + (staticQr.endsWith('0000') ? '1111' : '0000');
      for (const qr of [badCrc, 'hello', staticQr.slice(0, 30)]) {
        const r = await decode(qr);
        expect(r.status).toBe(400);
        expect(r.body).toEqual({
          responseCode: '4004801',
          responseMessage: 'Invalid Field Format qrContent',
        });
      }
    });

    it('requires partnerReferenceNo, qrContent and scanTime', async () => {
      const r = await f.client.call(SNAP_PATHS.decode, {
        partnerReferenceNo: 'D',
        qrContent: staticQr,
      });
      expect(r.body).toEqual({
        responseCode: '4004802',
        responseMessage: 'Invalid Mandatory Field scanTime',
      });
    });
  });

  describe('payment (b2b2c)', () => {
    it('needs a customer token: none is 4015004, an unknown one 4015002', async () => {
      const g = await f.client.call(SNAP_PATHS.generate, generateBody());
      const none = await pay({ additionalInfo: { qrContent: g.body.qrContent } }, null);
      expect(none.status).toBe(401);
      expect(none.body).toEqual({
        responseCode: '4015004',
        responseMessage: 'Customer Token Not Found',
      });
      expect(
        (await pay({ additionalInfo: { qrContent: g.body.qrContent } }, 'forged')).body
          .responseCode,
      ).toBe('4015002');
      expect(f.sim.transaction(g.body.referenceNo)!.status).toBe('pending');
    });

    it('pays a QR it issued: the merchant sees it paid and is notified', async () => {
      const g = await f.client.call(
        SNAP_PATHS.generate,
        generateBody({
          amount: { value: '1200.00', currency: 'IDR' },
          feeAmount: { value: '500.00', currency: 'IDR' },
        }),
      );
      const r = await pay({
        amount: { value: '1200.00', currency: 'IDR' },
        feeAmount: { value: '500.00', currency: 'IDR' },
        additionalInfo: { qrContent: g.body.qrContent },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        responseCode: '2005000',
        amount: { value: 1200, currency: 'IDR' },
        feeAmount: { value: 500, currency: 'IDR' },
        additionalInfo: { approvalCode: expect.any(Number) },
      });
      const tx = f.sim.transaction(g.body.referenceNo)!;
      expect(tx.status).toBe('paid');
      expect(tx.payment).toMatchObject({
        channel: 'b2b2c',
        approvalCode: String(r.body.additionalInfo.approvalCode),
        feeMinor: 50_000,
      });
      await f.sim.notificationsIdle();
      expect(
        receiver.received.some(
          (n) => JSON.parse(n.body).originalReferenceNo === g.body.referenceNo,
        ),
      ).toBe(true);
    });

    it('pays the QR last decoded under the same partnerReferenceNo when qrContent is absent', async () => {
      const g = await f.client.call(SNAP_PATHS.generate, generateBody());
      await f.client.call(SNAP_PATHS.decode, {
        partnerReferenceNo: 'SESSION-1',
        qrContent: g.body.qrContent,
        scanTime: formatSnapTimestamp(new Date()),
      });
      const r = await f.client.call(
        SNAP_PATHS.payment,
        { partnerReferenceNo: 'SESSION-1' },
        { 'authorization-customer': `Bearer ${customerToken}` },
      );
      expect(r.status).toBe(200);
      expect(f.sim.transaction(g.body.referenceNo)!.status).toBe('paid');
    });

    it('refuses another amount than the QR says (4045013), a paid QR (4045014) and a reused partnerReferenceNo (4095001)', async () => {
      const g = await f.client.call(SNAP_PATHS.generate, generateBody());
      const wrong = await pay({
        amount: { value: '9999.00', currency: 'IDR' },
        additionalInfo: { qrContent: g.body.qrContent },
      });
      expect(wrong.body).toEqual({ responseCode: '4045013', responseMessage: 'Invalid Amount' });
      expect(
        (
          await pay({
            partnerReferenceNo: 'P-ONCE',
            additionalInfo: { qrContent: g.body.qrContent },
          })
        ).status,
      ).toBe(200);
      expect((await pay({ additionalInfo: { qrContent: g.body.qrContent } })).body).toEqual({
        responseCode: '4045014',
        responseMessage: 'Paid Bill',
      });
      expect(
        (
          await pay({
            partnerReferenceNo: 'P-ONCE',
            additionalInfo: { qrContent: staticQr },
            amount: { value: '1.00', currency: 'IDR' },
          })
        ).body.responseCode,
      ).toBe('4095001');
    });

    it('needs an amount for a static QR and records it as a foreign payment', async () => {
      expect((await pay({ additionalInfo: { qrContent: staticQr } })).body).toEqual({
        responseCode: '4005002',
        responseMessage: 'Invalid Mandatory Field amount',
      });
      const r = await pay({
        amount: { value: '25000.00', currency: 'IDR' },
        additionalInfo: { qrContent: staticQr },
      });
      expect(r.status).toBe(200);
      expect(f.sim.ledger().foreignPayments).toContainEqual(
        expect.objectContaining({ merchantName: 'Warung Sate', amountMinor: 2_500_000 }),
      );
    });

    it('refuses an expired QR (4035000) and a cancelled one (4045004)', async () => {
      const g = await f.client.call(
        SNAP_PATHS.generate,
        generateBody({ validityPeriod: formatSnapTimestamp(new Date(Date.now() + 30_000)) }),
      );
      const c = await f.client.call(SNAP_PATHS.generate, generateBody());
      await f.client.call(SNAP_PATHS.cancel, {
        originalPartnerReferenceNo: c.body.partnerReferenceNo,
        merchantId: '2115',
      });
      expect((await pay({ additionalInfo: { qrContent: c.body.qrContent } })).body).toEqual({
        responseCode: '4045004',
        responseMessage: 'Transaction Cancelled',
      });
      f.sim.advanceClock(31_000);
      expect((await pay({ additionalInfo: { qrContent: g.body.qrContent } })).body).toEqual({
        responseCode: '4035000',
        responseMessage: 'Transaction Expired',
      });
    });
  });
});
