// Issue 12 item 8: a service whose credentials DOKU refuses says so at start (an error line
// naming the DOKU_* variables, a metric, /health/ready's details) while readiness stays about
// the database. Helpers and why there is one app per file: doku-credentials.support.ts.
import {
  createOrder,
  credentialsLines,
  startPair,
  untilDoku,
  type Pair,
} from './doku-credentials.support.js';

describe('a client secret DOKU does not know (the token is issued, signed calls are refused)', () => {
  let p: Pair;
  beforeAll(async () => {
    p = await startPair('doku_creds_secret', {
      doku: (good) => ({ ...good, clientSecret: `${good.clientSecret}-wrong` }),
    });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('says ok at start, then auth_failed naming DOKU_CLIENT_SECRET after a refused call', async () => {
    await untilDoku(p.service, 'ok');
    const res = await createOrder(p.service, 'creds-secret-1');
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('GATEWAY_AUTH_FAILED');
    await untilDoku(p.service, 'auth_failed');
    const errors = credentialsLines(p.service).filter((l) => l.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({
        operation: 'generate',
        httpStatus: 401,
        variables: ['DOKU_CLIENT_SECRET', 'DOKU_CLIENT_ID'],
      }),
    ]);
    expect(p.service.logs.text).not.toContain(p.service.config.doku.clientSecret);
  });
});
