import { SNAP_PATHS } from '#doku-snap';
import { generateBody, startFixture, type Fixture } from './support/simulator-fixture.js';

describe('doku-simulator: payment page, pay endpoints, seeding and ledger', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f?.sim.close());

  const post = (path: string, body?: unknown) =>
    fetch(`${f.sim.url}${path}`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('lists open QRs with a Pay button on /simulator, and not once paid', async () => {
    const g = await f.client.call(SNAP_PATHS.generate, generateBody());
    const page = await fetch(`${f.sim.url}/simulator`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain(`data-ref="${g.body.referenceNo}"`);
    expect(html).toContain('<svg');
    f.sim.pay(g.body.referenceNo);
    expect(await (await fetch(`${f.sim.url}/simulator`)).text()).not.toContain(
      `data-ref="${g.body.referenceNo}"`,
    );
  });

  it('pays by scanning the content, with an amount, issuer and customer name', async () => {
    const g = await f.client.call(SNAP_PATHS.generate, generateBody());
    const r = await post('/simulator/v1/pay', {
      qrContent: g.body.qrContent,
      amount: '5000.00',
      issuer: 'ovo',
      customerName: 'Siti',
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      referenceNo: g.body.referenceNo,
      status: 'paid',
      payment: {
        amountMinor: 500_000,
        issuerName: 'OVO',
        issuerId: '93600912',
        customerName: 'SITI',
        amountMismatch: true,
        channel: 'simulator',
      },
    });
  });

  it('answers 404, 409 and 400 with a code and a message', async () => {
    const unknown = await post('/simulator/v1/qris/nope/pay');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'QR.NOT_FOUND' });
    const g = await f.client.call(SNAP_PATHS.generate, generateBody());
    const bad = await post(`/simulator/v1/qris/${g.body.referenceNo}/pay`, { amount: 'lots' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'PAY.INVALID',
      message: expect.stringMatching(/amount/),
    });
    expect((await post(`/simulator/v1/qris/${g.body.referenceNo}/pay`)).status).toBe(200);
    const twice = await post(`/simulator/v1/qris/${g.body.referenceNo}/pay`);
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: 'QR.ALREADY_PAID' });
  });

  it('lists open QRs as JSON, every QR with ?all=true', async () => {
    const g = await f.client.call(SNAP_PATHS.generate, generateBody());
    const open = (await (await fetch(`${f.sim.url}/simulator/v1/qris`)).json()) as Array<{
      referenceNo: string;
      status: string;
    }>;
    expect(open.map((t) => t.referenceNo)).toContain(g.body.referenceNo);
    expect(open.every((t) => t.status === 'pending')).toBe(true);
    const all = (await (
      await fetch(`${f.sim.url}/simulator/v1/qris?all=true`)
    ).json()) as unknown[];
    expect(all.length).toBeGreaterThan(open.length);
  });

  it('seeds a QR that DOKU knows and the merchant may not, optionally paid', async () => {
    const r = await post('/simulator/v1/qris', {
      partnerReferenceNo: 'SEEDED-1',
      referenceNo: 'doku-ref-1',
      amount: '750.00',
      paid: { issuer: 'DANA' },
    });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({
      referenceNo: 'doku-ref-1',
      status: 'paid',
      amountMinor: 75_000,
      payment: { issuerName: 'DANA' },
    });
    const again = await post('/simulator/v1/qris', {
      partnerReferenceNo: 'SEEDED-1',
      amount: '1.00',
    });
    expect(again.status).toBe(409);
    const invalid = await post('/simulator/v1/qris', { partnerReferenceNo: 'SEEDED-2' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      code: 'QR.INVALID',
      message: expect.stringMatching(/amount/),
    });
  });

  it('serves one QR of the ledger, and forgets everything on DELETE', async () => {
    const g = await f.client.call(SNAP_PATHS.generate, generateBody());
    const one = await fetch(`${f.sim.url}/simulator/v1/ledger/${g.body.referenceNo}`);
    expect(await one.json()).toMatchObject({
      referenceNo: g.body.referenceNo,
      status: 'pending',
      queryCount: 0,
      calls: [],
      refunds: [],
      notifications: [],
    });
    expect((await fetch(`${f.sim.url}/simulator/v1/ledger/nope`)).status).toBe(404);
    const ledger = (await (await fetch(`${f.sim.url}/simulator/v1/ledger`)).json()) as {
      counters: { transactions: number; b2bTokensIssued: number };
    };
    expect(ledger.counters.transactions).toBeGreaterThan(0);
    expect(ledger.counters.b2bTokensIssued).toBeGreaterThan(0);
    expect((await fetch(`${f.sim.url}/simulator/v1/ledger`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect(f.sim.ledger()).toMatchObject({
      transactions: [],
      counters: { transactions: 0, queries: 0, b2bTokensIssued: 0 },
    });
  });
});
