import { startTestApp, TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';

// LOG_REQUEST_CONTEXT: the request id on every line a request causes (default), or only on
// the access line (cheaper on Node 20). Checked with a real create-order request, whose
// transition to PENDING is logged by OrderTransitions deep inside the request.
// One mode per test file: nestjs-pino keeps one root logger per module registry.
export function describeLogging(context: 'true' | 'false'): void {
  describe(`logs with LOG_REQUEST_CONTEXT=${context}`, () => {
    let s: Stack;
    beforeAll(async () => {
      s = await startStack({
        label: `log_context_${context}`,
        env: { LOG_REQUEST_CONTEXT: context },
      });
    });
    afterAll(async () => {
      await s?.close();
    });

    it(`writes one access line with the request id; inner lines carry it ${context === 'true' ? 'too' : 'not'}`, async () => {
      const requestId = `trace-${context}-${Date.now()}`;
      const res = await http('POST', `${s.service.url}/v1/orders`, {
        key: TEST_SERVICE_KEY,
        body: { merchantReference: 'INV-log', amount: 10_000, currency: 'IDR' },
        headers: { 'Idempotency-Key': requestId, 'X-Request-Id': requestId },
      });
      expect(res.status).toBe(201);
      await new Promise((r) => setTimeout(r, 50));
      const raw = s.service.logs.lines;
      const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);

      const access = lines.filter((l) => l.msg === 'request completed' && l.reqId === requestId);
      expect(access).toEqual([
        expect.objectContaining({
          req: { id: requestId, method: 'POST', url: '/v1/orders' },
          res: { statusCode: 201 },
          responseTime: expect.any(Number),
        }),
      ]);
      // No key written twice (a bound reqId plus an explicit one would be).
      const accessRaw = raw.find((l) => l.includes('"request completed"') && l.includes(requestId));
      expect(accessRaw!.match(/"reqId":/g)).toHaveLength(1);

      const orderId = (res.body as { id: string }).id;
      const transition = lines.find((l) => l.msg === 'order transition' && l.orderId === orderId);
      expect(transition).toBeDefined();
      expect(transition!.reqId).toBe(context === 'true' ? requestId : undefined);
    });
  });
}

// Probes and scrapes come every few seconds from every replica's orchestrator and
// Prometheus: they are not access-logged unless HTTP_ACCESS_LOG_PROBES=true.
// One app per test file: the access line goes through nestjs-pino's root logger.
export function describeProbeLogging(probes: 'true' | 'false', expected: string[]): void {
  it(`access-logs ${expected.join(', ')} with HTTP_ACCESS_LOG_PROBES=${probes}`, async () => {
    const t = await startTestApp({
      label: `log_probes_${probes}`,
      env: { HTTP_ACCESS_LOG_PROBES: probes },
    });
    try {
      for (const path of ['/health/live', '/health/ready', '/health/ready?probe=k8s', '/metrics']) {
        expect((await http('GET', `${t.url}${path}`)).status).toBe(200);
      }
      const orders = await http('GET', `${t.url}/v1/orders`, { key: TEST_SERVICE_KEY });
      expect(orders.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      const logged = t.logs.lines
        .map((l) => JSON.parse(l) as { msg?: string; req?: { url: string } })
        .filter((l) => l.msg === 'request completed')
        .map((l) => l.req!.url);
      expect(logged).toEqual(expected);
    } finally {
      await t.close();
    }
  });
}
