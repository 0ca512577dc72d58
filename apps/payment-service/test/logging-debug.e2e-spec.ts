import { TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';

// LOG_LEVEL=debug: what the default level leaves out. One line per DOKU call (operation,
// responseCode, HTTP status, latency), and Nest's wiring.
describe('logs at LOG_LEVEL=debug', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ label: 'log_debug', env: { LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  const lines = () => s.service.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one line per DOKU call with its operation, responseCode, HTTP status and latency', async () => {
    const res = await http('POST', `${s.service.url}/v1/orders`, {
      key: TEST_SERVICE_KEY,
      body: { merchantReference: 'INV-debug', amount: 10_000, currency: 'IDR' },
      headers: { 'Idempotency-Key': `debug-${Date.now()}` },
    });
    expect(res.status).toBe(201);
    await new Promise((r) => setTimeout(r, 50));
    const calls = lines().filter((l) => l.msg === 'doku-snap call');
    const generate = calls.filter((l) => l.operation === 'generate');
    expect(generate).toEqual([
      expect.objectContaining({
        level: 20,
        context: 'DokuSnap',
        responseCode: '2004700',
        httpStatus: 200,
        outcome: 'success',
        durationMs: expect.any(Number),
        externalId: expect.any(String),
      }),
    ]);
    // The B2B token request (at start, by the credentials check) is a call too.
    expect(calls).toContainEqual(
      expect.objectContaining({ operation: 'tokenB2b', httpStatus: 200, responseCode: '2007300' }),
    );
    // Never a token, a signature or a body on such a line.
    for (const l of calls) {
      expect(Object.keys(l).sort()).toEqual(
        [
          'attempt',
          'context',
          'durationMs',
          'externalId',
          'httpStatus',
          'level',
          'msg',
          'operation',
          'outcome',
          'reason',
          'responseCode',
          'service',
          'time',
          ...(l.reqId ? ['reqId'] : []),
        ].sort(),
      );
    }
  });

  it("shows Nest's wiring", () => {
    const contexts = new Set(lines().map((l) => l.context));
    expect([...contexts]).toEqual(expect.arrayContaining(['InstanceLoader', 'RouterExplorer']));
  });
});
