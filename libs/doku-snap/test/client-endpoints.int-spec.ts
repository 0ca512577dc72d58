// DokuSnapClient against the real simulator over HTTP: every endpoint, the success paths
// and the business outcomes each endpoint can give.
import { looksLikeQris, type DokuSnapClient } from '#doku-snap';
import { Harness, inMinutes, orderId } from './support/simulator.js';

describe('DokuSnapClient x doku-simulator: every endpoint', () => {
  let h: Harness;
  let client: DokuSnapClient;

  beforeAll(async () => {
    h = await Harness.start();
    client = h.client();
  });
  afterAll(() => h.close());

  async function generate(amountMinor = 1_000_000, fee?: number) {
    const partnerReferenceNo = orderId();
    const o = await client.generateQr({
      partnerReferenceNo,
      amountMinor,
      feeAmountMinor: fee,
      terminalId: 'A01',
      validUntil: inMinutes(30),
    });
    if (o.kind !== 'success') throw new Error(`generate: ${o.kind} ${o.responseCode}`);
    return { partnerReferenceNo, qr: o.value };
  }

  const statusOf = (partnerReferenceNo: string, referenceNo: string) =>
    client.queryQr({
      originalPartnerReferenceNo: partnerReferenceNo,
      originalReferenceNo: referenceNo,
    });

  it('generate: a dynamic QRIS with our amount and validity', async () => {
    const partnerReferenceNo = orderId();
    const validUntil = new Date(Math.floor(inMinutes(15).getTime() / 1000) * 1000);
    const o = await client.generateQr({
      partnerReferenceNo,
      amountMinor: 1_250_050,
      terminalId: 'K45',
      validUntil,
    });
    expect(o).toMatchObject({
      kind: 'success',
      responseCode: '2004700',
      attempts: 1,
      value: { partnerReferenceNo, terminalId: 'K45' },
    });
    if (o.kind !== 'success') return;
    expect(looksLikeQris(o.value.qrContent)).toBe(true);
    expect(o.value.qrContent).toContain('540812500.50');
    expect(o.value.referenceNo.length).toBeGreaterThan(0);
    expect(o.externalId).toMatch(/^\d{36}$/);
  });

  it('generate: the same partnerReferenceNo twice is a duplicate (409xx01)', async () => {
    const { partnerReferenceNo } = await generate();
    const again = await client.generateQr({
      partnerReferenceNo,
      amountMinor: 1000,
      terminalId: 'A01',
      validUntil: inMinutes(30),
    });
    expect(again).toMatchObject({
      kind: 'duplicate',
      reason: 'partner_reference_no',
      responseCode: '4094701',
    });
  });

  it('generate: a refused field is declined with code and message', async () => {
    const o = await client.generateQr({
      partnerReferenceNo: orderId(),
      amountMinor: 1000,
      terminalId: 'A01',
      validUntil: new Date(Date.now() - 60_000),
    });
    expect(o).toMatchObject({ kind: 'declined', reason: 'invalid_field', responseCode: '4004701' });
    expect(o.responseMessage).toMatch(/validityPeriod/);
  });

  it('query: pending (03) while unpaid, success (00) with payment details once paid', async () => {
    const { partnerReferenceNo, qr } = await generate(1_000_000);
    expect(await statusOf(partnerReferenceNo, qr.referenceNo)).toMatchObject({
      kind: 'success',
      value: { status: 'pending', statusCode: '03', paidAt: null },
    });
    h.sim.pay(qr.referenceNo, { issuer: 'MANDIRI', customerName: 'SITI AMINAH' });
    const paid = await statusOf(partnerReferenceNo, qr.referenceNo);
    expect(paid).toMatchObject({
      kind: 'success',
      value: {
        status: 'success',
        amount: { minor: 1_000_000, currency: 'IDR' },
        issuerName: 'MANDIRI',
        customerName: 'SITI AMINAH',
        terminalId: 'A01',
      },
    });
    if (paid.kind === 'success') {
      expect(paid.value.paidAt).toBeInstanceOf(Date);
      expect(paid.value.approvalCode).toMatch(/^\d+$/);
    }
  });

  it('query: an unknown reference is not_found (404xx01)', async () => {
    expect(await client.queryQr({ originalPartnerReferenceNo: orderId() })).toMatchObject({
      kind: 'not_found',
      responseCode: '4045101',
    });
  });

  it('refund: partial, idempotent per partnerRefundNo, then full -> refunded (04)', async () => {
    const { partnerReferenceNo, qr } = await generate(1_000_000);
    h.sim.pay(qr.referenceNo);
    const refund = (partnerRefundNo: string, refundAmountMinor: number) =>
      client.refundQr({
        originalPartnerReferenceNo: partnerReferenceNo,
        originalReferenceNo: qr.referenceNo,
        partnerRefundNo,
        refundAmountMinor,
        reason: 'customer asked',
      });
    const first = await refund('rf-a', 400_000);
    expect(first).toMatchObject({
      kind: 'success',
      value: { partnerRefundNo: 'rf-a', refundAmount: { minor: 400_000, currency: 'IDR' } },
    });
    const repeat = await refund('rf-a', 400_000);
    expect(repeat.kind).toBe('success');
    if (first.kind === 'success' && repeat.kind === 'success') {
      expect(repeat.value.refundNo).toBe(first.value.refundNo);
    }
    expect(await refund('rf-b', 700_000)).toMatchObject({ kind: 'declined', reason: 'refused' });
    expect(await refund('rf-c', 600_000)).toMatchObject({ kind: 'success' });
    expect(await statusOf(partnerReferenceNo, qr.referenceNo)).toMatchObject({
      kind: 'success',
      value: { status: 'refunded', statusCode: '04' },
    });
  });

  it('refund: an unpaid QR is declined', async () => {
    const { partnerReferenceNo } = await generate();
    const o = await client.refundQr({
      originalPartnerReferenceNo: partnerReferenceNo,
      partnerRefundNo: 'rf-x',
      refundAmountMinor: 100,
      reason: 'r',
    });
    expect(o.kind).toBe('declined');
  });

  it('cancel: an unpaid QR becomes canceled (05); a paid one is not_allowed (405xx01)', async () => {
    const open = await generate();
    expect(
      await client.cancelQr({
        originalPartnerReferenceNo: open.partnerReferenceNo,
        reason: 'expired',
      }),
    ).toMatchObject({
      kind: 'success',
      value: { originalPartnerReferenceNo: open.partnerReferenceNo },
    });
    expect(await statusOf(open.partnerReferenceNo, open.qr.referenceNo)).toMatchObject({
      value: { status: 'canceled' },
    });
    const paid = await generate();
    h.sim.pay(paid.qr.referenceNo);
    expect(
      await client.cancelQr({ originalPartnerReferenceNo: paid.partnerReferenceNo }),
    ).toMatchObject({
      kind: 'declined',
      reason: 'not_allowed',
      responseCode: '4057701',
    });
  });

  it('decode: our own QR reads back merchant, amount and fee; garbage is declined', async () => {
    const { qr } = await generate(1_200_000, 50_000);
    const o = await client.decodeQr({
      partnerReferenceNo: orderId(),
      qrContent: qr.qrContent,
      scanTime: new Date(),
    });
    expect(o).toMatchObject({
      kind: 'success',
      value: {
        merchantName: 'Green Pages',
        transactionAmount: { minor: 1_200_000, currency: 'IDR' },
        feeAmount: { minor: 50_000, currency: 'IDR' },
        pointOfInitiationMethod: '12',
      },
    });
    const bad = await client.decodeQr({
      partnerReferenceNo: orderId(),
      qrContent: '000201nonsense',
      scanTime: new Date(),
    });
    expect(bad).toMatchObject({
      kind: 'declined',
      reason: 'invalid_field',
      responseCode: '4004801',
    });
  });

  it('payment (b2b2c): a customer token pays our QR and the merchant side sees it paid', async () => {
    const { partnerReferenceNo, qr } = await generate(150_000);
    const token = await client.getCustomerToken({ authCode: `auth-${orderId()}` });
    expect(token).toMatchObject({ kind: 'success', responseCode: '2007400' });
    if (token.kind !== 'success') return;
    expect(token.value.accessTokenExpiresAt).toBeInstanceOf(Date);
    const paid = await client.paymentQr({
      partnerReferenceNo: orderId(),
      amountMinor: 150_000,
      qrContent: qr.qrContent,
      customerToken: token.value.accessToken,
    });
    expect(paid).toMatchObject({ kind: 'success', value: { amount: { minor: 150_000 } } });
    if (paid.kind === 'success') expect(paid.value.approvalCode).toMatch(/^\d+$/);
    expect(await statusOf(partnerReferenceNo, qr.referenceNo)).toMatchObject({
      value: { status: 'success' },
    });

    const refreshed = await client.getCustomerToken({ refreshToken: token.value.refreshToken! });
    expect(refreshed.kind).toBe('success');
  });

  it('payment: a bad customer token is auth_failed (401xx02), with no B2B token refresh', async () => {
    const { qr } = await generate(150_000);
    const before = client.tokenRequestCount;
    const o = await client.paymentQr({
      partnerReferenceNo: orderId(),
      amountMinor: 150_000,
      qrContent: qr.qrContent,
      customerToken: 'not-a-customer-token',
    });
    expect(o).toMatchObject({
      kind: 'auth_failed',
      reason: 'invalid_customer_token',
      responseCode: '4015002',
    });
    expect(client.tokenRequestCount).toBe(before);
  });

  it('customer token: an authCode is good once', async () => {
    const code = `auth-${orderId()}`;
    expect((await client.getCustomerToken({ authCode: code })).kind).toBe('success');
    expect(await client.getCustomerToken({ authCode: code })).toMatchObject({
      kind: 'auth_failed',
      httpStatus: 401,
      responseCode: '4017400',
    });
  });

  it('logs every call without a secret', () => {
    const text = JSON.stringify(h.logs);
    expect(h.logs.filter((l) => l.message === 'doku-snap call').length).toBeGreaterThan(10);
    expect(text).not.toContain('int-secret');
    expect(text).not.toMatch(/PRIVATE KEY|Bearer/);
  });
});
