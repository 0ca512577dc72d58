// Every outcome class, produced by the simulator's fault injection over real HTTP.
import { refusedUrl } from '../src/testing/net.js';
import type { DokuSnapClient } from '#doku-snap';
import { Harness, inMinutes, orderId } from './support/simulator.js';

describe('DokuSnapClient x doku-simulator: faults and outcome classes', () => {
  let h: Harness;
  let client: DokuSnapClient;

  beforeAll(async () => {
    h = await Harness.start();
    client = h.client();
  });
  afterEach(() => h.sim.resetFaults());
  afterAll(() => h.close());

  const generate = (c: DokuSnapClient = client, options = {}) =>
    c.generateQr(
      {
        partnerReferenceNo: orderId(),
        amountMinor: 500_000,
        terminalId: 'A01',
        validUntil: inMinutes(30),
      },
      options,
    );
  const query = (partnerReferenceNo = orderId(), options = {}) =>
    client.queryQr({ originalPartnerReferenceNo: partnerReferenceNo }, options);

  it('a 503 before processing is retried with the same X-EXTERNAL-ID and then succeeds', async () => {
    h.sim.setEndpointFault('generate', { errorRate: 1, errorStatus: 503, times: 1 });
    const o = await generate();
    expect(o).toMatchObject({ kind: 'success', attempts: 2, replayed: false });
  });

  it('a 500 after processing is retried; DOKU replays the first answer (409) and it is a success', async () => {
    h.sim.setEndpointFault('generate', {
      errorRate: 1,
      errorStatus: 500,
      afterProcessing: true,
      times: 1,
    });
    const before = h.sim.ledger().counters.transactions;
    const o = await generate();
    expect(o).toMatchObject({
      kind: 'success',
      attempts: 2,
      replayed: true,
      httpStatus: 409,
      responseCode: '2004700',
    });
    // One QR was created, not two.
    expect(h.sim.ledger().counters.transactions).toBe(before + 1);
  });

  it('a persistent 500 ends retryable after maxAttempts', async () => {
    h.sim.setEndpointFault('query', { errorRate: 1, errorStatus: 500 });
    expect(await query()).toMatchObject({
      kind: 'retryable',
      reason: 'server_error',
      attempts: 3,
      responseCode: '5005101',
    });
  });

  it('429 is retryable (rate_limited), 504 retryable (gateway_timeout)', async () => {
    h.sim.setEndpointFault('query', { errorRate: 1, errorStatus: 429 });
    expect(await query(orderId(), { retry: { maxAttempts: 1 } })).toMatchObject({
      kind: 'retryable',
      reason: 'rate_limited',
      responseCode: '4295100',
    });
    h.sim.setEndpointFault('query', { errorRate: 1, errorStatus: 504 });
    expect(await query(orderId(), { retry: { maxAttempts: 1 } })).toMatchObject({
      kind: 'retryable',
      reason: 'gateway_timeout',
    });
  });

  it('injected business codes map through the table: declined, not_found, duplicate, auth_failed', async () => {
    const cases: [number, string, string, string][] = [
      [403, '4035114', 'declined', 'refused'],
      [404, '4045101', 'not_found', 'transaction_not_found'],
      [409, '4095100', 'duplicate', 'external_id'],
      [401, '4015100', 'auth_failed', 'signature'],
      [400, '4005102', 'declined', 'missing_field'],
    ];
    for (const [errorStatus, errorResponseCode, kind, reason] of cases) {
      h.sim.setEndpointFault('query', { errorRate: 1, errorStatus, errorResponseCode });
      expect(await query()).toMatchObject({
        kind,
        reason,
        responseCode: errorResponseCode,
        attempts: 1,
      });
    }
  });

  it('a refund that gets no answer is unknown (timeout) and is not retried', async () => {
    h.sim.setEndpointFault('refund', { timeoutRate: 1 });
    const started = Date.now();
    const o = await client.refundQr(
      {
        originalPartnerReferenceNo: orderId(),
        partnerRefundNo: 'rf-1',
        refundAmountMinor: 100,
        reason: 'r',
      },
      { timeoutMs: 300 },
    );
    expect(o).toMatchObject({ kind: 'unknown', reason: 'timeout', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a hang-up after the request arrived is unknown (connection_reset)', async () => {
    h.sim.setEndpointFault('cancel', { timeoutRate: 1, hangUpAfterMs: 30 });
    expect(await client.cancelQr({ originalPartnerReferenceNo: orderId() })).toMatchObject({
      kind: 'unknown',
      reason: 'connection_reset',
      attempts: 1,
    });
  });

  it('a malformed success body is unknown, never a success, and not retried', async () => {
    h.sim.setEndpointFault('generate', { malformedRate: 1, afterProcessing: true });
    expect(await generate()).toMatchObject({
      kind: 'unknown',
      reason: 'malformed_body',
      attempts: 1,
      httpStatus: 200,
    });
  });

  it('an unknown query may be retried when the caller asks, reusing its X-EXTERNAL-ID', async () => {
    h.sim.setEndpointFault('query', { timeoutRate: 1, times: 1 });
    const first = await query(orderId(), { timeoutMs: 200 });
    expect(first).toMatchObject({ kind: 'unknown', reason: 'timeout' });
    // The caller repeats the same request with the same id: DOKU has no record (the fault
    // struck before processing), so it is answered normally.
    const again = await client.queryQr(
      { originalPartnerReferenceNo: orderId() },
      { externalId: first.externalId! },
    );
    expect(again.externalId).toBe(first.externalId);
    expect(again.kind).toBe('not_found');
  });

  it('latency within the timeout is only latency', async () => {
    h.sim.setEndpointFault('generate', { latencyMs: 150 });
    expect(await generate(client, { timeoutMs: 1000 })).toMatchObject({ kind: 'success' });
  });

  it('nobody listening is retryable (connection_failed), across the whole retry budget', async () => {
    const c = h.client({ baseUrl: await refusedUrl() });
    expect(await generate(c)).toMatchObject({
      kind: 'retryable',
      reason: 'token_unavailable',
      attempts: 0,
    });
    expect(c.tokenRequestCount).toBe(3);
  });

  it('a token endpoint fault makes the QR call retryable without sending it', async () => {
    const c = h.client();
    h.sim.setEndpointFault('tokenB2b', { errorRate: 1, errorStatus: 503 });
    expect(await generate(c, { retry: { maxAttempts: 2 } })).toMatchObject({
      kind: 'retryable',
      reason: 'token_unavailable',
      attempts: 0,
    });
    h.sim.resetFaults();
    expect(await generate(c)).toMatchObject({ kind: 'success', attempts: 1 });
  });
});
