import type { B2bAccessToken } from '../model.js';
import type { SnapOutcome } from '../outcome.js';
import { VirtualClock } from '../testing/virtual-clock.js';
import { B2bTokenManager } from './token-manager.js';
import { InMemoryTokenStore, type StoredToken, type TokenStore } from './token-store.js';

const meta = {
  operation: 'tokenB2b' as const,
  externalId: null,
  attempts: 1,
  httpStatus: 200,
  responseCode: '2007300',
  responseMessage: 'Successful',
  replayed: false,
};

/** A scripted DOKU token endpoint: counts calls, can be slow or fail. */
function fakeFetcher(_clock: VirtualClock, expiresInSeconds = 900) {
  const state = {
    calls: 0,
    fail: null as SnapOutcome<B2bAccessToken> | null,
    gate: null as Promise<void> | null,
  };
  const fetchToken = async (): Promise<SnapOutcome<B2bAccessToken>> => {
    state.calls += 1;
    const n = state.calls;
    if (state.gate) await state.gate;
    else await new Promise((r) => setImmediate(r));
    if (state.fail) return state.fail;
    return {
      ...meta,
      kind: 'success',
      value: { accessToken: `t${n}`, tokenType: 'Bearer', expiresInSeconds },
    };
  };
  return { state, fetchToken };
}

function manager(
  clock: VirtualClock,
  fetchToken: () => Promise<SnapOutcome<B2bAccessToken>>,
  store: TokenStore = new InMemoryTokenStore(),
  refreshAheadMs?: number,
) {
  return new B2bTokenManager({ key: 'k', store, clock, fetchToken, refreshAheadMs });
}

describe('B2B token manager', () => {
  it('100 concurrent callers cause exactly one token request', async () => {
    const clock = new VirtualClock();
    const { state, fetchToken } = fakeFetcher(clock);
    const m = manager(clock, fetchToken);
    const results = await Promise.all(Array.from({ length: 100 }, () => m.getToken()));
    expect(state.calls).toBe(1);
    expect(new Set(results.map((r) => (r.ok ? r.token.accessToken : 'x')))).toEqual(
      new Set(['t1']),
    );
    expect(m.fetchCount).toBe(1);
  });

  it('caches until 60 s before expiry, then refreshes', async () => {
    const clock = new VirtualClock();
    const { state, fetchToken } = fakeFetcher(clock, 900);
    const m = manager(clock, fetchToken);
    await m.getToken();
    clock.advance(839_000);
    expect(await m.getToken()).toMatchObject({ ok: true, token: { accessToken: 't1' } });
    expect(state.calls).toBe(1);
    clock.advance(1_000);
    expect(await m.getToken()).toMatchObject({ ok: true, token: { accessToken: 't2' } });
    expect(state.calls).toBe(2);
  });

  it('uses most of a short lifetime: a 4 s token is refreshed after 3 s', async () => {
    const clock = new VirtualClock();
    const { state, fetchToken } = fakeFetcher(clock, 4);
    const m = manager(clock, fetchToken);
    await m.getToken();
    clock.advance(2_999);
    await m.getToken();
    expect(state.calls).toBe(1);
    clock.advance(1);
    await m.getToken();
    expect(state.calls).toBe(2);
  });

  it('invalidating a rejected token fetches a new one once, however many callers saw it fail', async () => {
    const clock = new VirtualClock();
    const { state, fetchToken } = fakeFetcher(clock);
    const m = manager(clock, fetchToken);
    await m.getToken();
    const again = await Promise.all(
      Array.from({ length: 50 }, async () => {
        await m.invalidate('t1');
        return m.getToken();
      }),
    );
    expect(state.calls).toBe(2);
    expect(again.every((r) => r.ok && r.token.accessToken === 't2')).toBe(true);
  });

  it('a late invalidate of an old token does not throw away the new one', async () => {
    const clock = new VirtualClock();
    const { state, fetchToken } = fakeFetcher(clock);
    const store = new InMemoryTokenStore();
    const m = manager(clock, fetchToken, store);
    await m.getToken();
    await m.invalidate('t1');
    await m.getToken();
    await m.invalidate('t1');
    expect(await m.getToken()).toMatchObject({ token: { accessToken: 't2' } });
    expect(await store.get('k')).toMatchObject({ accessToken: 't2' });
    expect(state.calls).toBe(2);
  });

  it('shares the token through the store: a second replica does not fetch', async () => {
    const clock = new VirtualClock();
    const store = new InMemoryTokenStore();
    const a = fakeFetcher(clock);
    const b = fakeFetcher(clock);
    await manager(clock, a.fetchToken, store).getToken();
    const fromB = await manager(clock, b.fetchToken, store).getToken();
    expect(fromB).toMatchObject({ ok: true, token: { accessToken: 't1' } });
    expect(b.state.calls).toBe(0);
  });

  it('two replicas refreshing at once fetch once when the store has a lock', async () => {
    const clock = new VirtualClock();
    const store = new InMemoryTokenStore();
    const a = fakeFetcher(clock);
    const b = fakeFetcher(clock);
    const [ra, rb] = await Promise.all([
      manager(clock, a.fetchToken, store).getToken(),
      manager(clock, b.fetchToken, store).getToken(),
    ]);
    expect(a.state.calls + b.state.calls).toBe(1);
    expect(ra.ok && rb.ok && ra.token.accessToken === rb.token.accessToken).toBe(true);
  });

  it('never hands out a token DOKU rejected, even if a store without invalidate returns it', async () => {
    const clock = new VirtualClock();
    const tokens = new Map<string, StoredToken>();
    const plainStore: TokenStore = {
      get: async (k) => tokens.get(k) ?? null,
      set: async (k, t) => void tokens.set(k, t),
    };
    const { state, fetchToken } = fakeFetcher(clock);
    const m = manager(clock, fetchToken, plainStore);
    await m.getToken();
    await m.invalidate('t1');
    expect(await m.getToken()).toMatchObject({ token: { accessToken: 't2' } });
    expect(state.calls).toBe(2);
  });

  it('works from a store row without obtainedAt (refresh refreshAheadMs before expiry)', async () => {
    const clock = new VirtualClock();
    const store = new InMemoryTokenStore();
    await store.set('k', { accessToken: 'db', expiresAt: clock.now() + 120_000 });
    const { state, fetchToken } = fakeFetcher(clock);
    const m = manager(clock, fetchToken, store, 60_000);
    expect(await m.getToken()).toMatchObject({ token: { accessToken: 'db' } });
    clock.advance(60_000);
    expect(await m.getToken()).toMatchObject({ token: { accessToken: 't1' } });
    expect(state.calls).toBe(1);
  });

  it('reports a failed token request to every waiting caller, and tries again next time', async () => {
    const clock = new VirtualClock();
    const { state, fetchToken } = fakeFetcher(clock);
    state.fail = {
      ...meta,
      kind: 'retryable',
      reason: 'service_unavailable',
      retryAfterMs: null,
      httpStatus: 503,
      responseCode: '5037300',
    };
    const m = manager(clock, fetchToken);
    const results = await Promise.all([m.getToken(), m.getToken(), m.getToken()]);
    expect(results.every((r) => !r.ok && r.failure.kind === 'retryable')).toBe(true);
    expect(state.calls).toBe(1);
    state.fail = null;
    expect(await m.getToken()).toMatchObject({ ok: true });
    expect(state.calls).toBe(2);
  });

  it('survives a broken store (logs, fetches directly)', async () => {
    const clock = new VirtualClock();
    const broken: TokenStore = {
      get: async () => {
        throw Object.assign(new Error('connection lost'), { code: '57P01' });
      },
      set: async () => {
        throw new Error('connection lost');
      },
      invalidate: async () => {
        throw new Error('connection lost');
      },
      withLock: async () => {
        throw new Error('connection lost');
      },
    };
    const warnings: unknown[] = [];
    const { state, fetchToken } = fakeFetcher(clock);
    const m = new B2bTokenManager({
      key: 'k',
      store: broken,
      clock,
      fetchToken,
      logger: { warn: (msg, f) => warnings.push([msg, f]) },
    });
    expect(await m.getToken()).toMatchObject({ ok: true, token: { accessToken: 't1' } });
    await m.invalidate('t1');
    expect(await m.getToken()).toMatchObject({ ok: true, token: { accessToken: 't2' } });
    expect(state.calls).toBe(2);
    expect(warnings.length).toBeGreaterThan(0);
    expect(JSON.stringify(warnings)).not.toContain('t1');
  });

  it('rejects a negative refresh margin', () => {
    const clock = new VirtualClock();
    expect(() => manager(clock, fakeFetcher(clock).fetchToken, undefined, -1)).toThrow(RangeError);
  });
});

describe('InMemoryTokenStore', () => {
  it('invalidates only the token it was asked to (compare-and-delete)', async () => {
    const store = new InMemoryTokenStore();
    await store.set('k', { accessToken: 'new', obtainedAt: 0, expiresAt: 1 });
    await store.invalidate('k', 'old');
    expect(await store.get('k')).toMatchObject({ accessToken: 'new' });
    await store.invalidate('k', 'new');
    expect(await store.get('k')).toBeNull();
  });

  it('runs lock holders one at a time, even when one throws', async () => {
    const store = new InMemoryTokenStore();
    const order: string[] = [];
    const hold = (name: string, fail = false) =>
      store.withLock('k', async () => {
        order.push(`${name}+`);
        await new Promise((r) => setImmediate(r));
        order.push(`${name}-`);
        if (fail) throw new Error('boom');
        return name;
      });
    const results = await Promise.allSettled([hold('a'), hold('b', true), hold('c')]);
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
