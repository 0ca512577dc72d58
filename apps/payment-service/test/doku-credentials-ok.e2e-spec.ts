// Issue 12 item 8: a service whose credentials DOKU refuses says so at start (an error line
// naming the DOKU_* variables, a metric, /health/ready's details) while readiness stays about
// the database. Helpers and why there is one app per file: doku-credentials.support.ts.
import {
  createOrder,
  credentialsLines,
  metrics,
  startPair,
  untilDoku,
  type Pair,
} from './doku-credentials.support.js';

describe('credentials DOKU accepts', () => {
  let p: Pair;
  beforeAll(async () => {
    p = await startPair('doku_creds_ok');
  });
  afterAll(async () => {
    await p?.close();
  });

  it('says ok in the details and the metric, with no error line', async () => {
    const res = await untilDoku(p.service, 'ok');
    expect(res.status).toBe(200);
    const text = await metrics(p.service);
    expect(text).toContain('doku_credentials_status{state="ok"} 1');
    expect(text).toContain('doku_credentials_status{state="auth_failed"} 0');
    expect(text).toMatch(/doku_calls_total\{operation="tokenB2b",outcome="success"\} 1/);
    expect(credentialsLines(p.service).filter((l) => l.level >= 40)).toEqual([]);
  });

  it('keeps the token it was issued: the first create asks DOKU for none', async () => {
    await untilDoku(p.service, 'ok');
    const res = await createOrder(p.service, 'creds-ok-1');
    expect(res.status).toBe(201);
    expect(await metrics(p.service)).toMatch(
      /doku_calls_total\{operation="tokenB2b",outcome="success"\} 1\n/,
    );
  });
});
