import { TEST_ADMIN_KEY, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import {
  BROKEN_CRC,
  BROKEN_TLV,
  DOKU_PAYMENT_SAMPLE,
  DOKU_PAYMENT_SAMPLE_RESTORED,
  DOKU_SAMPLE,
  LONG_NAME,
  MISSING_COUNTRY,
  STATIC_QR,
  TRAILING_SPACE,
} from './qris.support.js';

describe('POST /v1/qris/decode: our strict decode merged with DOKU’s qr-mpm-decode', () => {
  let s: Stack;

  beforeAll(async () => {
    s = await startStack({ label: 'qris_decode', env: { DOKU_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => s?.close());
  afterEach(() => s.simulator.resetFaults());

  const decode = (qrContent: unknown, key: string | null = TEST_SERVICE_KEY) =>
    http('POST', `${s.service.url}/v1/qris/decode`, { key: key ?? undefined, body: { qrContent } });

  it('decodes DOKU’s generate/decode sample and DOKU agrees', async () => {
    const res = await decode(DOKU_SAMPLE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      qrContent: DOKU_SAMPLE,
      warnings: [],
      fields: {
        initiation: 'dynamic',
        merchantName: 'Green Pages',
        merchantCity: 'Jakarta',
        postalCode: '13120',
        countryCode: 'ID',
        mcc: '5411',
        currency: '360',
        amount: 120025,
        tip: { indicator: 'fixed', amount: 50052 },
        nmid: 'ID2020062202997',
        merchantPan: '936008990000002997',
        acquirerGuis: ['COM.DOKU.WWW'],
        crc: 'F6EA',
      },
      doku: {
        status: 'DECODED',
        merchantName: 'Green Pages',
        amount: 120025,
        feeAmount: 50052,
        initiation: 'dynamic',
        feeTypeDescription: 'FIX_TIPS',
        disagreements: [],
      },
    });
    expect(res.body.doku.referenceNo).toBeTruthy();
  });

  it('decodes DOKU’s payment sample once its missing leading 0 is restored, and a static QR', async () => {
    const payment = await decode(DOKU_PAYMENT_SAMPLE_RESTORED);
    expect(payment.status).toBe(200);
    expect(payment.body.fields).toMatchObject({ amount: 120000, crc: 'F8EF' });
    const fixed = await decode(STATIC_QR);
    expect(fixed.status).toBe(200);
    expect(fixed.body.fields).toMatchObject({ initiation: 'static', amount: null, tip: null });
    expect(fixed.body.doku).toMatchObject({
      status: 'DECODED',
      initiation: 'static',
      amount: null,
    });
  });

  it('answers 422 with the problems of DOKU’s payment sample as printed', async () => {
    const res = await decode(DOKU_PAYMENT_SAMPLE);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('QR_INVALID');
    expect(res.body.details.problems.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['FORMAT_INDICATOR.VALUE', 'CRC.MISMATCH']),
    );
  });

  it('answers 422 for a broken CRC with the code, tag and offset, and a message to act on', async () => {
    const res = await decode(BROKEN_CRC);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('QR_INVALID');
    expect(res.body.message).toContain(
      `expected F6EA (CRC.MISMATCH at offset ${BROKEN_CRC.length - 4})`,
    );
    expect(res.body.details.problems).toEqual([
      {
        code: 'CRC.MISMATCH',
        tag: '63',
        offset: BROKEN_CRC.length - 4,
        message: expect.stringMatching(/expected F6EA/),
        severity: 'error',
      },
    ]);
  });

  it('answers 422 for a broken TLV structure, naming where it breaks', async () => {
    const res = await decode(BROKEN_TLV);
    expect(res.status).toBe(422);
    expect(res.body.details.problems).toContainEqual(
      expect.objectContaining({
        code: 'TLV.TRUNCATED',
        tag: '59',
        offset: BROKEN_TLV.indexOf('5999'),
      }),
    );
  });

  it('answers 422 for a missing mandatory tag', async () => {
    const res = await decode(MISSING_COUNTRY);
    expect(res.status).toBe(422);
    expect(res.body.details.problems).toContainEqual(
      expect.objectContaining({ code: 'TAG.MISSING', tag: '58', severity: 'error' }),
    );
  });

  it('decodes a 26-character merchant name with a warning; DOKU’s strict reading is shown beside it', async () => {
    const res = await decode(LONG_NAME);
    expect(res.status).toBe(200);
    expect(res.body.fields.merchantName).toBe('Green Pages Grocery Jakart');
    expect(res.body.warnings).toEqual([
      expect.objectContaining({
        code: 'TAG.LENGTH',
        tag: '59',
        offset: LONG_NAME.indexOf('5926'),
        severity: 'warning',
      }),
    ]);
    expect(res.body.doku).toMatchObject({ status: 'REFUSED', responseCode: '4004801' });
  });

  it('decodes a trailing space with a warning', async () => {
    const res = await decode(TRAILING_SPACE);
    expect(res.status).toBe(200);
    expect(res.body.fields.merchantCity).toBe('Jakarta ');
    expect(res.body.warnings).toEqual([
      expect.objectContaining({ code: 'TEXT.WHITESPACE', tag: '60' }),
    ]);
  });

  it('ignores whitespace around the payload, with a warning', async () => {
    const res = await decode(`${DOKU_SAMPLE}\n`);
    expect(res.status).toBe(200);
    expect(res.body.qrContent).toBe(DOKU_SAMPLE);
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual(['PAYLOAD.TRIMMED']);
  });

  it('still decodes when DOKU is down, saying DOKU was unavailable', async () => {
    s.simulator.setEndpointFault('decode', { errorRate: 1, errorStatus: 503, times: 1 });
    const res = await decode(DOKU_SAMPLE);
    expect(res.status).toBe(200);
    expect(res.body.fields.merchantName).toBe('Green Pages');
    expect(res.body.doku).toEqual({
      status: 'UNAVAILABLE',
      outcome: 'retryable:service_unavailable',
    });
  });

  it('still decodes when DOKU does not answer in time', async () => {
    s.simulator.setEndpointFault('decode', { timeoutRate: 1, times: 1 });
    const res = await decode(DOKU_SAMPLE);
    expect(res.status).toBe(200);
    expect(res.body.doku).toEqual({ status: 'UNAVAILABLE', outcome: 'unknown:timeout' });
  });

  it.each([
    ['empty', ''],
    ['not a QR', 'hello world'],
    ['binary junk', '\u0001\u0002\u0003\u007f'],
    ['too long', `${DOKU_SAMPLE}${'0'.repeat(400)}`],
  ])('answers 422, never 500, for %s', async (_, payload) => {
    const res = await decode(payload);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('QR_INVALID');
    expect(res.body.details.problems.length).toBeGreaterThan(0);
  });

  it('answers 400 naming qrContent for a NUL character, like every text field', async () => {
    const res = await decode(`${DOKU_SAMPLE}\u0000`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(/qrContent contains the NUL character/);
  });

  it('answers 400 when qrContent is not a string, and needs a service key', async () => {
    const notString = await decode(12345);
    expect(notString.status).toBe(400);
    expect(notString.body.code).toBe('VALIDATION_FAILED');
    expect((await decode(DOKU_SAMPLE, TEST_ADMIN_KEY)).status).toBe(403);
    expect((await decode(DOKU_SAMPLE, null)).status).toBe(401);
  });
});
