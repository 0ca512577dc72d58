import { SNAP_PATHS } from '#doku-snap';
import { NotificationReceiver } from './support/notification-receiver.js';
import {
  generateBody,
  MERCHANT_ID,
  startFixture,
  type Fixture,
} from './support/simulator-fixture.js';

describe('doku-simulator: query, refund and cancel', () => {
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

  async function generated(amount = '10000.00') {
    const body = generateBody({ amount: { value: amount, currency: 'IDR' } });
    const r = await f.client.call(SNAP_PATHS.generate, body);
    expect(r.status).toBe(200);
    return {
      referenceNo: r.body.referenceNo as string,
      partnerReferenceNo: body.partnerReferenceNo as string,
    };
  }
  const query = (qr: { referenceNo: string; partnerReferenceNo: string }) =>
    f.client.call(SNAP_PATHS.query, {
      originalReferenceNo: qr.referenceNo,
      originalPartnerReferenceNo: qr.partnerReferenceNo,
      serviceCode: '51',
      merchantId: MERCHANT_ID,
    });
  let refundCounter = 0;
  const refund = (
    qr: { referenceNo: string; partnerReferenceNo: string },
    value: string | number,
    partnerRefundNo = `RF${Date.now()}${++refundCounter}`,
  ) =>
    f.client.call(SNAP_PATHS.refund, {
      merchantId: MERCHANT_ID,
      originalPartnerReferenceNo: qr.partnerReferenceNo,
      originalReferenceNo: qr.referenceNo,
      partnerRefundNo,
      refundAmount: { value, currency: 'IDR' },
      reason: 'customer asked',
    });
  const cancel = (qr: { referenceNo: string; partnerReferenceNo: string }) =>
    f.client.call(SNAP_PATHS.cancel, {
      originalPartnerReferenceNo: qr.partnerReferenceNo,
      originalReferenceNo: qr.referenceNo,
      merchantId: MERCHANT_ID,
      reason: 'order expired',
    });

  describe('qr-mpm-query', () => {
    it('answers 404 4045101 with status 07 for an unknown reference', async () => {
      const r = await query({ referenceNo: 'unknown', partnerReferenceNo: 'unknown' });
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({
        responseCode: '4045101',
        responseMessage: 'Transaction Not Found',
        latestTransactionStatus: '07',
      });
    });

    it('treats a referenceNo that does not belong to the partnerReferenceNo as not found', async () => {
      const qr = await generated();
      const r = await query({ ...qr, referenceNo: 'someone-else' });
      expect(r.body.responseCode).toBe('4045101');
    });

    it('finds a QR by originalPartnerReferenceNo alone (the merchant lost the generate answer)', async () => {
      const qr = await generated();
      const r = await f.client.call(SNAP_PATHS.query, {
        originalPartnerReferenceNo: qr.partnerReferenceNo,
        serviceCode: 51,
        merchantId: Number(MERCHANT_ID),
      });
      expect(r.body).toMatchObject({
        responseCode: '2005100',
        originalReferenceNo: qr.referenceNo,
        latestTransactionStatus: '03',
      });
    });

    it('checks serviceCode and mandatory fields', async () => {
      const qr = await generated();
      const wrong = await f.client.call(SNAP_PATHS.query, {
        originalPartnerReferenceNo: qr.partnerReferenceNo,
        serviceCode: '47',
        merchantId: MERCHANT_ID,
      });
      expect(wrong.body).toEqual({
        responseCode: '4005101',
        responseMessage: 'Invalid Field Format serviceCode',
      });
      const missing = await f.client.call(SNAP_PATHS.query, {
        originalPartnerReferenceNo: qr.partnerReferenceNo,
        serviceCode: '51',
      });
      expect(missing.body).toEqual({
        responseCode: '4005102',
        responseMessage: 'Invalid Mandatory Field merchantId',
      });
    });

    it("shapes a paid answer like DOKU's sample and counts queries per QR", async () => {
      const qr = await generated('1200.00');
      f.sim.pay(qr.referenceNo, { issuer: 'BCA', customerName: 'John Doe' });
      const r = await query(qr);
      expect(Object.keys(r.body)).toEqual([
        'responseCode',
        'responseMessage',
        'originalReferenceNo',
        'originalPartnerReferenceNo',
        'serviceCode',
        'latestTransactionStatus',
        'transactionStatusDesc',
        'paidTime',
        'amount',
        'additionalInfo',
      ]);
      expect(r.body).toMatchObject({
        serviceCode: '51',
        latestTransactionStatus: '00',
        transactionStatusDesc: 'Success',
        amount: { value: 1200, currency: 'IDR' },
      });
      expect(r.body.additionalInfo).toEqual({
        approvalCode: expect.stringMatching(/^\d{6}$/),
        convenienceFee: 'C00000000',
        issuerId: '93600014',
        issuerName: 'BCA',
        terminalId: 'A01             ',
        customerName: 'JOHN DOE                       ',
      });
      expect(f.sim.transaction(qr.referenceNo)!.queryCount).toBe(1);
    });

    it('reports what was paid when a customer paid another amount', async () => {
      const qr = await generated('1200.00');
      f.sim.pay(qr.referenceNo, { amount: '1000.00' });
      expect((await query(qr)).body.amount).toEqual({ value: 1000, currency: 'IDR' });
      expect(f.sim.transaction(qr.referenceNo)!.payment).toMatchObject({
        amountMinor: 100_000,
        amountMismatch: true,
      });
    });
  });

  describe('qr-mpm-refund', () => {
    it('refunds partially and repeatedly up to the paid amount, then reports 04', async () => {
      const qr = await generated('1000.00');
      f.sim.pay(qr.referenceNo);
      const first = await refund(qr, '300.00');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        responseCode: '2007800',
        refundAmount: { value: 300, currency: 'IDR' },
        refundNo: expect.any(String),
        refundTime: expect.any(String),
      });
      expect((await query(qr)).body.latestTransactionStatus).toBe('00');
      expect((await refund(qr, '300.00')).status).toBe(200);
      const tooMuch = await refund(qr, '400.01');
      expect(tooMuch.status).toBe(403);
      expect(tooMuch.body).toEqual({
        responseCode: '4037802',
        responseMessage: 'Exceeds Transaction Amount Limit',
      });
      expect((await refund(qr, 400)).status).toBe(200);
      expect((await query(qr)).body).toMatchObject({
        latestTransactionStatus: '04',
        transactionStatusDesc: 'Refunded',
      });
      expect((await refund(qr, '0.01')).body.responseCode).toBe('4037802');
      const tx = f.sim.transaction(qr.referenceNo)!;
      expect(tx.refundedMinor).toBe(100_000);
      expect(tx.refunds.map((r) => r.amountMinor)).toEqual([30_000, 30_000, 40_000]);
      expect(tx.status).toBe('refunded');
    });

    it('answers the same refund again for the same partnerRefundNo, and 4047818 for another amount under it', async () => {
      const qr = await generated('1000.00');
      f.sim.pay(qr.referenceNo);
      const first = await refund(qr, '100.00', 'SAME-REFUND-NO');
      const again = await refund(qr, '100.00', 'SAME-REFUND-NO');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(f.sim.transaction(qr.referenceNo)!.refunds).toHaveLength(1);
      const changed = await refund(qr, '200.00', 'SAME-REFUND-NO');
      expect(changed.body).toEqual({
        responseCode: '4047818',
        responseMessage: 'Inconsistent Request',
      });
    });

    it('refuses an unpaid QR (4047800), a cancelled one (4057801) and an unknown one (4047801)', async () => {
      const unpaid = await generated();
      expect((await refund(unpaid, '1.00')).body).toEqual({
        responseCode: '4047800',
        responseMessage: 'Invalid Transaction Status',
      });
      const cancelled = await generated();
      await cancel(cancelled);
      const r = await refund(cancelled, '1.00');
      expect(r.status).toBe(405);
      expect(r.body.responseCode).toBe('4057801');
      expect(
        (await refund({ referenceNo: 'x', partnerReferenceNo: 'x' }, '1.00')).body.responseCode,
      ).toBe('4047801');
    });

    it('validates the refund fields', async () => {
      const qr = await generated();
      const noReason = await f.client.call(SNAP_PATHS.refund, {
        merchantId: MERCHANT_ID,
        originalPartnerReferenceNo: qr.partnerReferenceNo,
        partnerRefundNo: 'R1',
        refundAmount: { value: '1.00', currency: 'IDR' },
      });
      expect(noReason.body).toEqual({
        responseCode: '4007802',
        responseMessage: 'Invalid Mandatory Field reason',
      });
      const badAmount = await f.client.call(SNAP_PATHS.refund, {
        merchantId: MERCHANT_ID,
        originalPartnerReferenceNo: qr.partnerReferenceNo,
        partnerRefundNo: 'R1',
        refundAmount: { value: '1.5', currency: 'IDR' },
        reason: 'x',
      });
      expect(badAmount.body).toEqual({
        responseCode: '4007801',
        responseMessage: 'Invalid Field Format refundAmount.value',
      });
    });
  });

  describe('qr-mpm-cancel', () => {
    it('cancels an unpaid QR (query then says 05), harmlessly twice, and refuses to pay it', async () => {
      const qr = await generated();
      const r = await cancel(qr);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        responseCode: '2007700',
        originalReferenceNo: qr.referenceNo,
        cancelTime: expect.any(String),
      });
      expect((await cancel(qr)).body.cancelTime).toBe(r.body.cancelTime);
      expect((await query(qr)).body).toMatchObject({
        latestTransactionStatus: '05',
        transactionStatusDesc: 'Canceled',
      });
      expect(() => f.sim.pay(qr.referenceNo)).toThrow(/CANCELLED/);
      expect(f.sim.pay(qr.referenceNo, { force: true }).payment?.late).toBe('cancelled');
    });

    it('refuses to cancel a paid QR: 4057701', async () => {
      const qr = await generated();
      f.sim.pay(qr.referenceNo);
      const r = await cancel(qr);
      expect(r.status).toBe(405);
      expect(r.body).toEqual({
        responseCode: '4057701',
        responseMessage: 'Requested Operation Is Not Allowed',
      });
    });

    it('answers 4047701 for an unknown QR', async () => {
      expect((await cancel({ referenceNo: 'x', partnerReferenceNo: 'x' })).body.responseCode).toBe(
        '4047701',
      );
    });
  });

  it('notifies the merchant of payment, refund and cancel', async () => {
    await f.sim.notificationsIdle();
    receiver.received.length = 0;
    const paidQr = await generated('500.00');
    f.sim.pay(paidQr.referenceNo);
    await refund(paidQr, '500.00');
    const cancelledQr = await generated();
    await cancel(cancelledQr);
    await receiver.waitFor(3);
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    // Deliveries run concurrently: compare as a set.
    expect(
      bodies
        .map((b) => [
          b.originalPartnerReferenceNo,
          b.latestTransactionStatus,
          b.additionalInfo.event,
        ])
        .sort(),
    ).toEqual(
      [
        [paidQr.partnerReferenceNo, '00', 'PAYMENT'],
        [paidQr.partnerReferenceNo, '04', 'REFUND'],
        [cancelledQr.partnerReferenceNo, '05', 'CANCEL'],
      ].sort(),
    );
    expect(
      bodies.find((b) => b.additionalInfo.event === 'REFUND').additionalInfo.refund,
    ).toMatchObject({ refundAmount: { value: '500.00', currency: 'IDR' } });
  });

  it('ledger: every query, refund and cancel about a QR with its time and answer, in order', async () => {
    const qr = await generated('3000.00');
    const started = Date.now();
    await query(qr);
    f.sim.pay(qr.referenceNo);
    await query(qr);
    await refund(qr, '1000.00', 'RF-TIMELINE-1');
    await refund(qr, '1000.00', 'RF-TIMELINE-1'); // idempotent repeat: recorded too
    await refund(qr, '9000.00', 'RF-TIMELINE-2'); // refused: more than is left
    await cancel(qr); // refused: paid
    const tx = f.sim.transaction(qr.referenceNo)!;
    expect(tx.queryCount).toBe(2);
    expect(tx.calls).toEqual([
      { operation: 'query', at: expect.any(String), responseCode: '2005100' },
      { operation: 'query', at: expect.any(String), responseCode: '2005100' },
      {
        operation: 'refund',
        at: expect.any(String),
        responseCode: '2007800',
        partnerRefundNo: 'RF-TIMELINE-1',
      },
      {
        operation: 'refund',
        at: expect.any(String),
        responseCode: '2007800',
        partnerRefundNo: 'RF-TIMELINE-1',
      },
      {
        operation: 'refund',
        at: expect.any(String),
        responseCode: '4037802',
        partnerRefundNo: 'RF-TIMELINE-2',
      },
      { operation: 'cancel', at: expect.any(String), responseCode: '4057701' },
    ]);
    const times = tx.calls.map((c) => Date.parse(c.at!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(started);
    expect(times.at(-1)!).toBeLessThanOrEqual(Date.now());
    expect(tx.calls[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
