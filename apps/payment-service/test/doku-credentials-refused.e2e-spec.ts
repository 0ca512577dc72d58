// Issue 12 item 8: a service whose credentials DOKU refuses says so at start (an error line
// naming the DOKU_* variables, a metric, /health/ready's details) while readiness stays about
// the database. Helpers and why there is one app per file: doku-credentials.support.ts.
import {
  createOrder,
  credentialsLines,
  metrics,
  readiness,
  startPair,
  unknownPrivateKeyPem,
  untilDoku,
  type Pair,
} from './doku-credentials.support.js';

describe('credentials DOKU refuses (a private key it does not know)', () => {
  let p: Pair;
  beforeAll(async () => {
    p = await startPair('doku_creds_refused', {
      doku: (good) => ({ ...good, privateKeyPem: unknownPrivateKeyPem() }),
    });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('stays ready (the database decides) and says auth_failed in the details', async () => {
    const res = await untilDoku(p.service, 'auth_failed');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      checks: { database: 'ok', migrations: 'ok' },
      details: { doku: 'auth_failed' },
    });
  });

  it("writes one error line naming the DOKU_* variables and DOKU's code, never their values", async () => {
    await untilDoku(p.service, 'auth_failed');
    const errors = credentialsLines(p.service).filter((l) => l.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({
        operation: 'tokenB2b',
        httpStatus: 401,
        responseCode: '4017300',
        variables: ['DOKU_CLIENT_ID', 'DOKU_PRIVATE_KEY', 'DOKU_BASE_URL'],
        msg: expect.stringMatching(/DOKU_CLIENT_ID, DOKU_PRIVATE_KEY, DOKU_BASE_URL.*/),
      }),
    ]);
    expect(errors[0].msg).toContain('4017300');
    const { clientSecret, privateKeyPem } = p.service.config.doku;
    const keyBody = privateKeyPem.split('\n')[1];
    expect(p.service.logs.text).not.toContain(clientSecret);
    expect(p.service.logs.text).not.toContain(keyBody);
  });

  it('publishes the state and the refused token request on /metrics', async () => {
    await untilDoku(p.service, 'auth_failed');
    const text = await metrics(p.service);
    expect(text).toContain('doku_credentials_status{state="auth_failed"} 1');
    expect(text).toContain('doku_credentials_status{state="ok"} 0');
    expect(text).toMatch(/doku_calls_total\{operation="tokenB2b",outcome="auth_failed"\} [1-9]/);
  });

  it('a create still fails with 502 GATEWAY_AUTH_FAILED and the error line is not repeated', async () => {
    const res = await createOrder(p.service, 'creds-refused-1');
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('GATEWAY_AUTH_FAILED');
    expect((await readiness(p.service)).body.details).toEqual({ doku: 'auth_failed' });
    expect(credentialsLines(p.service).filter((l) => l.level === 50)).toHaveLength(1);
  });
});
