// DOKU's own sample requests (its QRIS page), sent byte for byte, are accepted; the
// answers carry the same fields as DOKU's sample answers.
import { formatSnapTimestamp, SNAP_PATHS } from '#doku-snap';
import {
  DOKU_SAMPLE_REQUESTS as REQ,
  DOKU_SAMPLE_RESPONSES as RES,
} from './fixtures/doku-qris-samples.js';
import { startFixture, type Fixture } from './support/simulator-fixture.js';

const keysOf = (json: string) => Object.keys(JSON.parse(json));
const seed = (f: Fixture, body: Record<string, unknown>) =>
  fetch(`${f.sim.url}/simulator/v1/qris`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => {
    expect(r.status).toBe(201);
    return r.json();
  });

describe("doku-simulator: DOKU's sample requests", () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture({
      merchant: { merchantId: '2115', name: 'Green Pages', city: 'Jakarta', postalCode: '13120' },
    });
  });
  afterEach(() => {
    f.sim.reset(); // also revokes tokens
    f.client.token = undefined;
  });
  afterAll(() => f?.sim.close());

  it('generate: accepted as sent except its validityPeriod, which lies in the past (2023)', async () => {
    const past = await f.client.call(SNAP_PATHS.generate, REQ.generate);
    expect(past.body).toEqual({
      responseCode: '4004701',
      responseMessage: 'Invalid Field Format validityPeriod',
    });
    const future = formatSnapTimestamp(new Date(Date.now() + 3600_000));
    const r = await f.client.call(
      SNAP_PATHS.generate,
      REQ.generate.replace('2023-11-08T17:38:42+07:00', future),
    );
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(keysOf(RES.generate));
    expect(r.body).toMatchObject({
      responseCode: '2004700',
      referenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
      terminalId: 'K45',
      additionalInfo: { validityPeriod: future },
    });
    // DOKU's sample QR, tag for tag; only the merchant (PAN, id, NMID), the amounts (the
    // sample's QR shows other amounts than its request) and the CRC differ: see below for
    // the byte-for-byte match.
    const sampleShape = new RegExp(
      '^00020101021226530012COM\\.DOKU\\.WWW0118936008990000002115020421150303UMI' +
        '51440014ID\\.CO\\.QRIS\\.WWW0215ID\\d{13}0303UMI5204541153033605407' +
        '1000\\.005502025606500\\.005802ID5911Green Pages6007Jakarta6105131206243' +
        '0703K455032a98757c8dbc6434ab5dd4c55d9092d9a6304[0-9A-F]{4}$',
    );
    expect(r.body.qrContent).toMatch(sampleShape);
  });

  it('query: accepted; the answer has the fields of the sample answer', async () => {
    await seed(f, {
      partnerReferenceNo: '7d054649f9ba4c19ae5f95950c99be4d',
      referenceNo: '7d054649f9ba4c19ae5f95950c99be4d',
      merchantId: '2997',
      amount: '1200.00',
      feeAmount: '500.00',
      paid: { customerName: 'John Doe' },
    });
    const r = await f.client.call(SNAP_PATHS.query, REQ.query);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(keysOf(RES.query));
    expect(Object.keys(r.body.additionalInfo)).toEqual(
      Object.keys(JSON.parse(RES.query).additionalInfo),
    );
    expect(r.body).toMatchObject({
      responseCode: '2005100',
      latestTransactionStatus: '00',
      amount: { value: 1200, currency: 'IDR' },
      feeAmount: { value: 500, currency: 'IDR' },
    });
  });

  it('refund: accepted; the answer has the fields of the sample answer', async () => {
    await seed(f, {
      partnerReferenceNo: 'originalPartnerReferenceNo',
      referenceNo: '7d054649f9ba4c19ae5f95950c99be4d',
      merchantId: '2115',
      amount: '1200.00',
      paid: true,
    });
    const r = await f.client.call(SNAP_PATHS.refund, REQ.refund);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(keysOf(RES.refund));
    expect(r.body).toMatchObject({
      responseCode: '2007800',
      partnerRefundNo: 'partnerRefundNo',
      refundAmount: { value: 1200, currency: 'IDR' },
    });
  });

  it("decode: accepted; DOKU's sample QR decodes as the sample answer says", async () => {
    const r = await f.client.call(SNAP_PATHS.decode, REQ.decode);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(keysOf(RES.decode));
    const sample = JSON.parse(RES.decode);
    expect(r.body).toMatchObject({
      responseCode: '2004800',
      merchantName: sample.merchantName,
      transactionAmount: { value: 1200.25, currency: 'IDR' },
      feeAmount: { value: 500.52, currency: 'IDR' },
      additionalInfo: sample.additionalInfo,
    });
  });

  it('payment: its qrContent lacks the leading "0" (invalid, 4005001); with it restored the sample is accepted', async () => {
    const customer = await f.client.customerToken('sample-auth-code');
    const headers = { 'authorization-customer': `Bearer ${customer.body.accessToken}` };
    const asPublished = await f.client.call(SNAP_PATHS.payment, REQ.payment, headers);
    expect(asPublished.status).toBe(400);
    expect(asPublished.body).toEqual({
      responseCode: '4005001',
      responseMessage: 'Invalid Field Format additionalInfo.qrContent',
    });
    const restored = REQ.payment.replace('"qrContent": "0020101', '"qrContent": "00020101');
    const r = await f.client.call(SNAP_PATHS.payment, restored, headers);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(keysOf(RES.payment));
    expect(r.body).toMatchObject({
      responseCode: '2005000',
      partnerReferenceNo: '91cbe52caf27471482d3430c37d174fc',
      amount: { value: 1200, currency: 'IDR' },
      additionalInfo: { approvalCode: expect.any(Number) },
    });
    // Another merchant's QR: recorded as a foreign payment, no QR of ours changes.
    expect(f.sim.ledger().foreignPayments).toEqual([
      expect.objectContaining({
        merchantName: 'Green Pages',
        amountMinor: 120_000,
        feeMinor: 50_000,
      }),
    ]);
  });
});

describe("doku-simulator: DOKU's sample QR, byte for byte", () => {
  let f: Fixture;

  // The merchant DOKU's sample QR was issued for: 2997, NMID ID2020062202997.
  beforeAll(async () => {
    f = await startFixture({
      merchant: {
        merchantId: '2997',
        name: 'Green Pages',
        city: 'Jakarta',
        postalCode: '13120',
        nmid: 'ID2020062202997',
      },
    });
  });
  afterAll(() => f?.sim.close());

  it("generate: the sample's request, for the sample QR's merchant and amounts, answers the sample's qrContent exactly", async () => {
    const future = formatSnapTimestamp(new Date(Date.now() + 3600_000));
    // DOKU's sample request as published, with the merchant id and amounts its QR shows and a
    // validityPeriod that is not in the past.
    const request = REQ.generate
      .replace('2023-11-08T17:38:42+07:00', future)
      .replace('"merchantId": 2115', '"merchantId": 2997')
      .replace('"value": "1000.00"', '"value": "1200.25"')
      .replace('"value": "500.00"', '"value": "500.52"');
    expect(request).toContain('"merchantId": 2997');
    expect(request).toContain('"value": "1200.25"');
    expect(request).toContain('"value": "500.52"');
    const r = await f.client.call(SNAP_PATHS.generate, request);
    expect(r.status).toBe(200);
    expect(r.body.qrContent).toBe(JSON.parse(RES.generate).qrContent);
    expect(r.body.qrContent).toContain('0118936008990000002997');
  });
});
