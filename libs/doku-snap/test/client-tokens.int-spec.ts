// The B2B token against the simulator: a short lifetime that runs out mid-run, tokens the
// simulator expires early, concurrent refresh, and a token shared through a TokenStore.
import { InMemoryTokenStore, type DokuSnapClient, type StoredToken } from '#doku-snap';
import { Harness, inMinutes, orderId, rsaPair } from './support/simulator.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DokuSnapClient x doku-simulator: the B2B token', () => {
  describe('with a 1-second token lifetime', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({ tokenTtlSeconds: 1 });
    });
    afterAll(() => h.close());

    it('refreshes ahead of expiry during a 2.5 s run: every call succeeds first time', async () => {
      const client = h.client();
      const outcomes = [];
      const until = Date.now() + 2500;
      while (Date.now() < until) {
        outcomes.push(await client.queryQr({ originalPartnerReferenceNo: orderId() }));
        await sleep(50);
      }
      expect(outcomes.length).toBeGreaterThan(10);
      // Never a failure: at worst (a very slow machine) a call meets an expired token and
      // is repeated once after a refresh.
      expect(outcomes.every((o) => o.kind === 'not_found' && o.attempts <= 2)).toBe(true);
      const firstTime = outcomes.filter((o) => o.attempts === 1).length;
      expect(firstTime / outcomes.length).toBeGreaterThan(0.9);
      // 1 s tokens, refreshed at 3/4 of their life: about one per 750 ms.
      expect(client.tokenRequestCount).toBeGreaterThanOrEqual(3);
      expect(client.tokenRequestCount).toBeLessThanOrEqual(8);
    });
  });

  describe('with DOKU-like 900 s tokens', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start();
    });
    afterAll(() => h.close());

    const generate = (c: DokuSnapClient) =>
      c.generateQr({
        partnerReferenceNo: orderId(),
        amountMinor: 10_000,
        terminalId: 'A01',
        validUntil: inMinutes(30),
      });

    it('a token expired early by DOKU is refreshed once and the call repeated', async () => {
      const client = h.client();
      expect((await generate(client)).kind).toBe('success');
      h.sim.expireTokens();
      const o = await generate(client);
      expect(o).toMatchObject({ kind: 'success', attempts: 2, replayed: false });
      expect(client.tokenRequestCount).toBe(2);
    });

    it('the simulator clock running past expiry has the same effect', async () => {
      const client = h.client();
      await generate(client);
      h.sim.advanceClock(901_000);
      expect(await generate(client)).toMatchObject({ kind: 'success', attempts: 2 });
      expect(client.tokenRequestCount).toBe(2);
    });

    it('100 concurrent calls: one token request; after an early expiry, one more', async () => {
      const client = h.client();
      const burst = () => Promise.all(Array.from({ length: 100 }, () => generate(client)));
      const first = await burst();
      expect(first.every((o) => o.kind === 'success')).toBe(true);
      expect(client.tokenRequestCount).toBe(1);
      h.sim.expireTokens();
      const second = await burst();
      expect(second.every((o) => o.kind === 'success')).toBe(true);
      expect(client.tokenRequestCount).toBe(2);
      const ids = [...first, ...second].map((o) => o.externalId);
      expect(new Set(ids).size).toBe(200);
    });

    it('two clients sharing a TokenStore (two replicas) fetch one token between them', async () => {
      const store = new InMemoryTokenStore();
      const a = h.client({ tokenStore: store });
      const b = h.client({ tokenStore: store });
      const results = await Promise.all([
        ...Array.from({ length: 20 }, () => generate(a)),
        ...Array.from({ length: 20 }, () => generate(b)),
      ]);
      expect(results.every((o) => o.kind === 'success')).toBe(true);
      expect(a.tokenRequestCount + b.tokenRequestCount).toBe(1);
    });

    it('a token request signed with an unregistered key is auth_failed, nothing else is sent', async () => {
      const client = h.client({ privateKeyPem: rsaPair().privateKeyPem });
      const before = h.sim.ledger().counters.transactions;
      expect(await generate(client)).toMatchObject({
        kind: 'auth_failed',
        reason: 'token_request_rejected',
        responseCode: '4017300',
        attempts: 0,
      });
      expect(h.sim.ledger().counters.transactions).toBe(before);
    });
  });
});

// DOKU's SDKs read `"expiresIn":900,"additionalInfo":""`; SNAP's text shows `"900"` and `{}`.
// The simulator answers either way; the client takes both.
describe.each(['sdk', 'snap-text'] as const)(
  'DokuSnapClient x doku-simulator: a token answer in the %s style',
  (tokenAnswerStyle) => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({ tokenAnswerStyle, tokenTtlSeconds: 120 });
    });
    afterAll(() => h.close());

    it('is read: its lifetime is kept and the token reused', async () => {
      const stored: number[] = [];
      const tokenStore = new (class extends InMemoryTokenStore {
        override async set(key: string, token: StoredToken): Promise<void> {
          stored.push(token.expiresAt - (token.obtainedAt ?? Date.now()));
          return super.set(key, token);
        }
      })();
      const client = h.client({ tokenStore });
      for (let i = 0; i < 3; i++)
        expect((await client.queryQr({ originalPartnerReferenceNo: orderId() })).kind).toBe(
          'not_found',
        );
      expect(client.tokenRequestCount).toBe(1);
      expect(stored).toEqual([120_000]);
    });
  },
);
