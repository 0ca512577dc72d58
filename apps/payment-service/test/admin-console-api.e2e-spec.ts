// The admin console's API (issue 15) over real HTTP: sessions (cookie, CSRF, sign-out),
// roles enforced by the API (a viewer's refund is 403, with a key or a session), the
// maker-checker path for large refunds, and the search box's "any id" lookup.
import { TEST_ADMIN_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { adminOrder, paidOrder, refund } from './refunds.support.js';

const VIEWER_KEY = 'ak_test_viewer_key_0123456789abcdefgh';
const CAROL_KEY = 'ak_test_carol_key_0123456789abcdefghi';

describe('admin console API: sessions, roles, maker-checker, search', () => {
  let s: Stack;
  let url: string;

  beforeAll(async () => {
    s = await startStack({
      label: 'admin_console_api',
      env: {
        ADMIN_API_KEYS: `alice:${TEST_ADMIN_KEY},bob:${VIEWER_KEY},carol:${CAROL_KEY}`,
        ADMIN_KEY_ROLES: 'bob:viewer',
        REFUND_APPROVAL_THRESHOLD: '5000000',
        ADMIN_SESSION_TTL_SECONDS: '600',
      },
    });
    url = s.service.url;
  });
  afterAll(async () => {
    await s?.close();
  });

  async function signIn(key: string) {
    const res = await http('POST', `${url}/admin/v1/session`, { body: { key } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/admin/v1/session');
    const cookie = res.headers.get('set-cookie')!;
    return { res, cookie, pair: cookie.split(';')[0], csrf: res.body.csrfToken as string };
  }

  it('exchanges an admin key for an HttpOnly, SameSite=Strict, expiring session cookie', async () => {
    const { res, cookie, pair } = await signIn(TEST_ADMIN_KEY);
    expect(cookie).toMatch(
      /^admin_session=[A-Za-z0-9_-]{43}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=600$/,
    );
    expect(res.body).toMatchObject({
      keyId: 'alice',
      role: 'operator',
      refundApprovalThreshold: 5000000,
    });
    expect(res.body.csrfToken).toEqual(expect.any(String));
    expect(res.text).not.toContain(TEST_ADMIN_KEY);

    const me = await http('GET', `${url}/admin/v1/session`, { headers: { cookie: pair } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      keyId: 'alice',
      role: 'operator',
      csrfToken: res.body.csrfToken,
    });

    // The sessions table keeps a digest of the token, never the token.
    const token = pair.split('=')[1];
    const stored = await s.service.dataSource.query('SELECT token_sha256 FROM admin_sessions');
    expect(JSON.stringify(stored)).not.toContain(token);
    // Neither the key nor the session token reaches the logs.
    expect(s.service.logs.text).not.toContain(TEST_ADMIN_KEY);
    expect(s.service.logs.text).not.toContain(token);
  });

  it('refuses a wrong key, and marks the cookie Secure behind HTTPS', async () => {
    const bad = await http('POST', `${url}/admin/v1/session`, {
      body: { key: 'sk_not_an_admin_key_0123456789abc' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('API_KEY_INVALID');
    expect(bad.headers.get('set-cookie')).toBeNull();

    const tls = await http('POST', `${url}/admin/v1/session`, {
      body: { key: TEST_ADMIN_KEY },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(tls.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('requires the CSRF token on every change made with the cookie, then signs out for good', async () => {
    const { pair, csrf } = await signIn(TEST_ADMIN_KEY);
    const order = await paidOrder(s, 100_000);
    const body = { amount: 10_000, reason: 'csrf check' };

    const noToken = await http('POST', `${url}/admin/v1/orders/${order.id}/refunds`, {
      body,
      headers: { cookie: pair, 'Idempotency-Key': 'csrf-1' },
    });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await http('POST', `${url}/admin/v1/orders/${order.id}/refunds`, {
      body,
      headers: { cookie: pair, 'Idempotency-Key': 'csrf-2', 'x-csrf-token': `${csrf}x` },
    });
    expect(wrong.status).toBe(403);
    expect((await adminOrder(s, order.id)).refunds).toEqual([]);

    const ok = await http('POST', `${url}/admin/v1/orders/${order.id}/refunds`, {
      body,
      headers: { cookie: pair, 'Idempotency-Key': 'csrf-3', 'x-csrf-token': csrf },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'SUCCEEDED', actor: 'alice' });

    const noCsrfOut = await http('DELETE', `${url}/admin/v1/session`, {
      headers: { cookie: pair },
    });
    expect(noCsrfOut.status).toBe(403);
    const out = await http('DELETE', `${url}/admin/v1/session`, {
      headers: { cookie: pair, 'x-csrf-token': csrf },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^admin_session=; .*Max-Age=0/);
    const after = await http('GET', `${url}/admin/v1/orders`, { headers: { cookie: pair } });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('SESSION_INVALID');
  });

  it("refuses a viewer's refund, cancel, resend and reconcile at the API (403), with a key or a session", async () => {
    const order = await paidOrder(s, 100_000);
    const viaKey = await refund(
      s,
      order.id,
      { amount: 1_000, reason: 'viewer' },
      { key: VIEWER_KEY },
    );
    expect(viaKey.status).toBe(403);
    expect(viaKey.body.code).toBe('OPERATOR_ROLE_REQUIRED');
    expect(viaKey.body.message).toContain('bob is a viewer');

    const { pair, csrf, res } = await signIn(VIEWER_KEY);
    expect(res.body.role).toBe('viewer');
    const headers = { cookie: pair, 'x-csrf-token': csrf };
    for (const [path, body] of [
      [`/admin/v1/orders/${order.id}/refunds`, { amount: 1_000, reason: 'viewer' }],
      [`/admin/v1/orders/${order.id}/cancel`, { reason: 'viewer' }],
      [`/admin/v1/orders/${order.id}/reconcile`, undefined],
      [`/admin/v1/orders/${order.id}/refund-approvals`, { amount: 1_000, reason: 'viewer' }],
      ['/admin/v1/webhook-deliveries/whd_000000000000000000000000/resend', { reason: 'viewer' }],
    ] as const) {
      const r = await http('POST', `${url}${path}`, {
        body,
        headers: { ...headers, 'Idempotency-Key': `viewer-${path}` },
      });
      expect([path, r.status, r.body?.code]).toEqual([path, 403, 'OPERATOR_ROLE_REQUIRED']);
    }
    // Reading is what a viewer may do.
    const read = await http('GET', `${url}/admin/v1/orders/${order.id}`, {
      headers: { cookie: pair },
    });
    expect(read.status).toBe(200);
    expect(read.body.refunds).toEqual([]);
  });

  it('asks once for two approval requests sent at the same moment under one Idempotency-Key', async () => {
    const order = await paidOrder(s, 10_000_000);
    const ask = () =>
      http('POST', `${url}/admin/v1/orders/${order.id}/refund-approvals`, {
        key: TEST_ADMIN_KEY,
        body: { amount: 6_000_000, reason: 'same moment' },
        headers: { 'Idempotency-Key': `same-moment-${order.id}` },
      });
    const [a, b] = await Promise.all([ask(), ask()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect(
      await s.service.dataSource.query(
        'SELECT count(*)::int AS n FROM refund_approvals WHERE order_id = $1',
        [order.id],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('needs a second operator above the threshold: asked by one, refused to the same, approved by another', async () => {
    const order = await paidOrder(s, 10_000_000);
    const direct = await refund(s, order.id, { amount: 6_000_000, reason: 'too big alone' });
    expect(direct.status).toBe(403);
    expect(direct.body).toMatchObject({
      code: 'REFUND_APPROVAL_REQUIRED',
      details: { threshold: 5_000_000 },
    });

    const ask = (body: unknown, idempotencyKey: string | null = 'approval-basket') =>
      http('POST', `${url}/admin/v1/orders/${order.id}/refund-approvals`, {
        key: TEST_ADMIN_KEY,
        body,
        headers: idempotencyKey === null ? {} : { 'Idempotency-Key': idempotencyKey },
      });
    const basket = { amount: 6_000_000, reason: 'whole basket returned' };
    expect((await ask(basket, null)).body.code).toBe('IDEMPOTENCY_KEY_MISSING');
    const asked = await ask(basket);
    expect(asked.status).toBe(201);
    // A double click or a retried request asks once: the same approval, said to be a replay.
    const twice = await ask(basket);
    expect({ status: twice.status, id: twice.body.id }).toEqual({ status: 201, id: asked.body.id });
    expect(twice.headers.get('idempotent-replayed')).toBe('true');
    expect(asked.headers.get('idempotent-replayed')).toBeNull();
    expect((await ask({ ...basket, amount: 5_000_000 })).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const approvals = await s.service.dataSource.query(
      'SELECT count(*)::int AS n FROM refund_approvals WHERE order_id = $1',
      [order.id],
    );
    expect(approvals).toEqual([{ n: 1 }]);
    const location = asked.headers.get('location')!;
    expect(location).toBe(`/admin/v1/refund-approvals/${asked.body.id}`);
    const one = await http('GET', `${url}${location}`, { key: TEST_ADMIN_KEY });
    expect({ status: one.status, body: one.body }).toEqual({ status: 200, body: asked.body });
    expect(
      (await http('GET', `${url}/admin/v1/refund-approvals/apr_nope`, { key: TEST_ADMIN_KEY })).body
        .code,
    ).toBe('REFUND_APPROVAL_NOT_FOUND');
    expect(asked.body).toMatchObject({
      status: 'AWAITING_APPROVAL',
      requestedBy: 'alice',
      amount: 6_000_000,
    });
    const id = asked.body.id as string;

    const queue = await http('GET', `${url}/admin/v1/refund-approvals?status=AWAITING_APPROVAL`, {
      key: VIEWER_KEY,
    });
    expect(queue.body.data.map((a: { id: string }) => a.id)).toContain(id);

    const self = await http('POST', `${url}/admin/v1/refund-approvals/${id}/approve`, {
      key: TEST_ADMIN_KEY,
    });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('APPROVER_MUST_DIFFER');
    const viewer = await http('POST', `${url}/admin/v1/refund-approvals/${id}/approve`, {
      key: VIEWER_KEY,
    });
    expect(viewer.status).toBe(403);
    expect(viewer.body.code).toBe('OPERATOR_ROLE_REQUIRED');

    const [a, b] = await Promise.all([
      http('POST', `${url}/admin/v1/refund-approvals/${id}/approve`, { key: CAROL_KEY }),
      http('POST', `${url}/admin/v1/refund-approvals/${id}/approve`, { key: CAROL_KEY }),
    ]);
    const won = [a, b].find((r) => r.status === 200)!;
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(won.body.approval).toMatchObject({ status: 'APPROVED', decidedBy: 'carol' });
    expect(won.body.refund).toMatchObject({
      status: 'SUCCEEDED',
      amount: 6_000_000,
      actor: 'alice',
    });

    const view = await adminOrder(s, order.id);
    expect(view.refunds).toHaveLength(1);
    expect(view.refundApprovals).toEqual([
      expect.objectContaining({ id, status: 'APPROVED', refundId: won.body.refund.id }),
    ]);
    const types = view.events.map((e: { type: string; actor: string }) => `${e.type}:${e.actor}`);
    expect(types).toEqual(
      expect.arrayContaining([
        'refund.approval_requested:alice',
        'refund.approved:carol',
        'refund.requested:alice',
      ]),
    );

    // A rejection is a decision too, with its reason.
    const again = await ask({ amount: 4_000_000, reason: 'rest of it' }, 'approval-rest');
    const rejected = await http(
      'POST',
      `${url}/admin/v1/refund-approvals/${again.body.id}/reject`,
      {
        key: CAROL_KEY,
        body: { reason: 'customer kept the rest' },
      },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'REJECTED',
      decisionNote: 'customer kept the rest',
    });
  });

  it('finds an order by any of its ids', async () => {
    const order = await paidOrder(s, 120_000);
    const r = await refund(s, order.id, { amount: 20_000, reason: 'search me' });
    const view = await adminOrder(s, order.id);
    for (const q of [
      order.id,
      view.merchantReference,
      order.doku.referenceNo,
      order.doku.partnerReferenceNo,
      r.body.id,
    ]) {
      const found = await http('GET', `${url}/admin/v1/search?q=${encodeURIComponent(q)}`, {
        key: VIEWER_KEY,
      });
      expect([q, found.status, found.body.data.map((o: { id: string }) => o.id)]).toEqual([
        q,
        200,
        [order.id],
      ]);
    }
    const none = await http('GET', `${url}/admin/v1/search?q=nothing-like-this`, {
      key: VIEWER_KEY,
    });
    expect(none.body.data).toEqual([]);
  });
});
