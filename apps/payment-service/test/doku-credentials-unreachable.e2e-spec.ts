// Issue 12 item 8: a service whose credentials DOKU refuses says so at start (an error line
// naming the DOKU_* variables, a metric, /health/ready's details) while readiness stays about
// the database. Helpers and why there is one app per file: doku-credentials.support.ts.
import {
  credentialsLines,
  metrics,
  readiness,
  startPair,
  untilDoku,
  type Pair,
} from './doku-credentials.support.js';

describe('a DOKU that does not answer at start', () => {
  let p: Pair;
  beforeAll(async () => {
    p = await startPair('doku_creds_unreachable', {
      beforeApp: (sim) => sim.setEndpointFault('tokenB2b', { errorRate: 1, errorStatus: 503 }),
    });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('starts anyway, says unreachable with a warning, and turns ok once DOKU answers', async () => {
    const res = await untilDoku(p.service, 'unreachable');
    expect(res.status).toBe(200);
    expect(credentialsLines(p.service)).toEqual([
      expect.objectContaining({
        level: 40,
        operation: 'tokenB2b',
        httpStatus: 503,
        variables: ['DOKU_BASE_URL'],
      }),
    ]);
    expect(await metrics(p.service)).toContain('doku_credentials_status{state="unreachable"} 1');
    p.simulator.resetFaults();
    await untilDoku(p.service, 'ok', 15_000);
    expect(await metrics(p.service)).toContain('doku_credentials_status{state="ok"} 1');
  });
});

describe('a DOKU that hangs on the token request', () => {
  let p: Pair;
  let serviceClosed = false;
  beforeAll(async () => {
    p = await startPair('doku_creds_hang', {
      beforeApp: (sim) => sim.setEndpointFault('tokenB2b', { timeoutRate: 1 }),
    });
  });
  afterAll(async () => {
    if (!serviceClosed) await p?.service.close();
    await p?.simulator.close();
  });

  it('does not hold the start: the service answers while the check is still waiting', async () => {
    expect(p.service.config.doku.timeoutMs).toBe(10_000);
    const res = await readiness(p.service);
    expect(res.status).toBe(200);
    expect(res.body.details).toEqual({ doku: 'unknown' });
    expect(await metrics(p.service)).toContain('doku_credentials_status{state="unknown"} 1');
  });

  it('does not hold the shutdown for the token timeout either', async () => {
    const started = Date.now();
    serviceClosed = true;
    await p.service.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
