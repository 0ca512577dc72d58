import { formatSnapTimestamp, parseSnapTimestamp, SNAP_PATHS } from '#doku-snap';
import { isLuhnValid, parseQris } from '#qris';
import { generateBody, startFixture, type Fixture } from './support/simulator-fixture.js';

const GENERATE = SNAP_PATHS.generate;

function qris(content: string) {
  const r = parseQris(content);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.qris;
}

describe('doku-simulator: qr-mpm-generate', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture({
      merchant: {
        merchantId: '2115',
        name: 'Green Pages',
        city: 'Jakarta',
        postalCode: '13120',
        nmid: 'ID2020062202115',
      },
    });
  });
  afterAll(() => f?.sim.close());

  it("issues DOKU's QRIS shape: DOKU template with DOKU's PAN, NMID, terminal and reference in 62", async () => {
    const body = generateBody({ terminalId: 'k45', additionalInfo: { postalCode: 40111 } });
    const r = await f.client.call(GENERATE, body);
    expect(r.body.terminalId).toBe('K45');
    expect(r.body.referenceNo).toBe(body.partnerReferenceNo);
    const q = qris(r.body.qrContent);
    const [doku, national] = q.merchantAccounts;
    expect(doku).toMatchObject({
      tag: '26',
      gui: 'COM.DOKU.WWW',
      merchantId: '2115',
      criteria: 'UMI',
    });
    // NNS + the merchant id in 10 digits, no check digit (DOKU's form; this one fails Luhn).
    expect(doku.pan).toBe('936008990000002115');
    expect(isLuhnValid(doku.pan!)).toBe(false);
    expect(national).toMatchObject({
      tag: '51',
      gui: 'ID.CO.QRIS.WWW',
      merchantId: 'ID2020062202115',
    });
    expect(q).toMatchObject({
      initiation: 'dynamic',
      mcc: '5411',
      currency: '360',
      countryCode: 'ID',
      merchantCity: 'Jakarta',
      postalCode: '40111',
    });
    expect(q.amount).toEqual({ minor: 1_000_000, text: '10000.00' });
    expect(q.additionalData).toMatchObject({
      terminalLabel: 'K45',
      templates: [{ id: '50', value: body.partnerReferenceNo }],
    });
  });

  it('writes the fee rules: prompt (1), fixed (2) and percentage (3)', async () => {
    const prompt = await f.client.call(
      GENERATE,
      generateBody({ additionalInfo: { feeType: '1' } }),
    );
    expect(qris(prompt.body.qrContent).tip).toEqual({ indicator: 'prompt' });
    const fixed = await f.client.call(
      GENERATE,
      generateBody({ feeAmount: { value: '500.00', currency: 'IDR' } }),
    );
    expect(qris(fixed.body.qrContent).tip).toEqual({
      indicator: 'fixed',
      minor: 50_000,
      text: '500.00',
    });
    const pct = await f.client.call(
      GENERATE,
      generateBody({
        feeAmount: { value: '2.50', currency: 'IDR' },
        additionalInfo: { feeType: 3 },
      }),
    );
    expect(qris(pct.body.qrContent).tip).toEqual({ indicator: 'percentage', percent: '2.50' });
    const missing = await f.client.call(GENERATE, generateBody({ additionalInfo: { feeType: 2 } }));
    expect(missing.body).toEqual({
      responseCode: '4004702',
      responseMessage: 'Invalid Mandatory Field feeAmount',
    });
  });

  it("defaults validityPeriod to DOKU's 30 days and honours the one given", async () => {
    const before = Date.now();
    const dflt = await f.client.call(GENERATE, generateBody());
    const until = parseSnapTimestamp(dflt.body.additionalInfo.validityPeriod)!.getTime();
    expect(until - before).toBeGreaterThanOrEqual(30 * 86_400_000 - 2000);
    expect(until - before).toBeLessThanOrEqual(30 * 86_400_000 + 2000);
    const given = formatSnapTimestamp(new Date(Date.now() + 3600_000));
    const r = await f.client.call(GENERATE, generateBody({ validityPeriod: given }));
    expect(r.body.additionalInfo).toEqual({ validityPeriod: given });
    expect(f.sim.transaction(r.body.referenceNo)!.validUntil).toBe(
      parseSnapTimestamp(given)!.toISOString(),
    );
  });

  it('lets a QR expire: no payment after validityPeriod unless forced (a late payment)', async () => {
    const r = await f.client.call(
      GENERATE,
      generateBody({ validityPeriod: formatSnapTimestamp(new Date(Date.now() + 60_000)) }),
    );
    f.sim.advanceClock(61_000);
    expect(f.sim.transaction(r.body.referenceNo)!.status).toBe('expired');
    const refused = await fetch(`${f.sim.url}/simulator/v1/qris/${r.body.referenceNo}/pay`, {
      method: 'POST',
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'QR.EXPIRED' });
    const late = f.sim.pay(r.body.referenceNo, { force: true });
    expect(late.payment).toMatchObject({ late: 'expired' });
    expect(late.status).toBe('paid');
  });

  it('answers 409xx01 for a partnerReferenceNo used before', async () => {
    const body = generateBody();
    expect((await f.client.call(GENERATE, body)).status).toBe(200);
    const again = await f.client.call(GENERATE, body);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      responseCode: '4094701',
      responseMessage: 'Duplicate partnerReferenceNo',
    });
  });

  it.each([
    [{ partnerReferenceNo: undefined }, '4004702', 'partnerReferenceNo'],
    [{ amount: undefined }, '4004702', 'amount'],
    [{ amount: { currency: 'IDR' } }, '4004702', 'amount.value'],
    [{ amount: { value: '10000' } }, '4004702', 'amount.currency'],
    [{ amount: { value: '10000', currency: 'IDR' } }, '4004701', 'amount.value'],
    [{ amount: { value: '100.5', currency: 'IDR' } }, '4004701', 'amount.value'],
    [{ amount: { value: '10000.00', currency: 'USD' } }, '4004701', 'amount.currency'],
    [{ merchantId: undefined }, '4004702', 'merchantId'],
    [{ terminalId: undefined }, '4004702', 'terminalId'],
    [{ terminalId: 'A1' }, '4004701', 'terminalId'],
    [{ terminalId: 'A'.repeat(17) }, '4004701', 'terminalId'],
    [{ terminalId: 'A-01' }, '4004701', 'terminalId'],
    [{ validityPeriod: 'tomorrow' }, '4004701', 'validityPeriod'],
    [{ validityPeriod: '2020-01-01T00:00:00+07:00' }, '4004701', 'validityPeriod'],
    [{ additionalInfo: { feeType: 4 } }, '4004701', 'additionalInfo.feeType'],
    [{ partnerReferenceNo: 'has space' }, '4004701', 'partnerReferenceNo'],
  ])('validates %j -> %s naming the field', async (override, code, field) => {
    const body = generateBody();
    for (const [k, v] of Object.entries(override)) {
      if (v === undefined) delete body[k];
      else body[k] = v;
    }
    const r = await f.client.call(GENERATE, body);
    expect(r.status).toBe(400);
    expect(r.body.responseCode).toBe(code);
    expect(r.body.responseMessage).toMatch(new RegExp(`${field.replace('.', '\\.')}$`));
  });

  it('refuses an unknown merchantId (4044708) and amounts of zero (4044713) or above the QRIS cap (4034702)', async () => {
    expect(
      (await f.client.call(GENERATE, generateBody({ merchantId: '9999' }))).body.responseCode,
    ).toBe('4044708');
    expect(
      (await f.client.call(GENERATE, generateBody({ amount: { value: '0.00', currency: 'IDR' } })))
        .body.responseCode,
    ).toBe('4044713');
    expect(
      (
        await f.client.call(
          GENERATE,
          generateBody({ amount: { value: '10000000.01', currency: 'IDR' } }),
        )
      ).body.responseCode,
    ).toBe('4034702');
  });

  it('accepts numbers where DOKU samples send them (merchantId, amount value)', async () => {
    const r = await f.client.call(
      GENERATE,
      generateBody({ merchantId: 2115, amount: { value: 1200, currency: 'IDR' } }),
    );
    expect(r.status).toBe(200);
    expect(qris(r.body.qrContent).amount?.minor).toBe(120_000);
  });
});

describe('doku-simulator: qr-mpm-generate with distinct reference numbers', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ referenceNoStyle: 'distinct' });
  });
  afterAll(() => f?.sim.close());

  it("answers DOKU's own 32-hex referenceNo", async () => {
    const body = generateBody();
    const r = await f.client.call(GENERATE, body);
    expect(r.body.referenceNo).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body.partnerReferenceNo).toBe(body.partnerReferenceNo);
  });
});
