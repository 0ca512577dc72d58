// The admin console in a real Chromium against the real stack (service, PostgreSQL, DOKU
// simulator over HTTP): sign in, find an order, read its timeline, refund part of it and see
// it SUCCEEDED, the maker-checker path, a viewer refused. Controls are found by label and
// role; axe-core must report no serious violation; screenshots go to test-artifacts/.
import type { Page } from 'playwright-core';
import { TEST_ADMIN_KEY } from '../../../test/support/app.js';
import {
  buildPages,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  type Browser,
} from '../../../test/support/browser.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { adminOrder, paidOrder, type CreatedOrder } from './refunds.support.js';

const VIEWER_KEY = 'ak_test_viewer_key_0123456789abcdefgh';
const CAROL_KEY = 'ak_test_carol_key_0123456789abcdefghi';

describe('admin console in Chromium', () => {
  let s: Stack;
  let browser: Browser;
  let page: Page;
  let order: CreatedOrder;
  let merchantReference: string;

  beforeAll(async () => {
    buildPages();
    s = await startStack({
      label: 'admin_console_browser',
      env: {
        ADMIN_API_KEYS: `alice:${TEST_ADMIN_KEY},bob:${VIEWER_KEY},carol:${CAROL_KEY}`,
        ADMIN_KEY_ROLES: 'bob:viewer',
        REFUND_APPROVAL_THRESHOLD: '5000000', // Rp 50.000
      },
    });
    order = await paidOrder(s, 15_000_000); // Rp 150.000
    merchantReference = (await adminOrder(s, order.id)).merchantReference;
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const signIn = async (key: string) => {
    await page.goto(`${s.service.url}/admin`);
    const field = page.getByLabel('Admin key');
    await field.waitFor();
    // Keyboard only: the key field has the focus, Enter submits.
    await page.keyboard.type(key);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
  };
  const openOrder = async () => {
    await page.getByLabel('Search by any id').fill(merchantReference);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('heading', { name: `Order ${order.id}` }).waitFor();
  };

  it('serves the console with a strict CSP and no secret in its scripts', async () => {
    const html = await http('GET', `${s.service.url}/admin`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const file of ['admin/main.js', 'admin/order-page.js', 'shared/api.js']) {
      const js = await http('GET', `${s.service.url}/admin/assets/${file}`);
      expect(js.status).toBe(200);
      expect(js.text).not.toMatch(/ak_test|sk_test|whsec_/);
    }
    expect((await http('GET', `${s.service.url}/admin/assets/admin/main.js.map`)).status).toBe(404);
  });

  it('signs in with the keyboard, keeps the key out of web storage and the cookie out of scripts', async () => {
    await page.goto(`${s.service.url}/admin`);
    await page.getByLabel('Admin key').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-1-sign-in');
    await signIn(TEST_ADMIN_KEY);
    await expect(page.getByText('Signed in as alice operator')).toBeTruthy();
    expect(await page.locator('.who').innerText()).toMatch(/alice\s+operator/);
    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      // Runs in the page (its globals; this file is typed for Node).
      cookie: (globalThis as any).document.cookie as string,
    }));
    expect(stored).toEqual({ local: '{}', session: '{}', cookie: '' });
    const cookies = await browser.context.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'admin_session', httpOnly: true, sameSite: 'Strict' }),
    ]);
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await page.getByRole('link', { name: order.id }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-2-orders');
  });

  it('finds the order by its merchant reference and reads its timeline', async () => {
    await openOrder();
    const timeline = page.getByRole('list', { name: 'Audit events, oldest first' });
    await expect(timeline.getByRole('listitem').count()).resolves.toBeGreaterThanOrEqual(2);
    const text = await timeline.innerText();
    expect(text).toContain('order.created');
    expect(text).toMatch(/PENDING → PAID/);
    // Times read in Jakarta time, labelled, like the Finance page's days (the browser here
    // runs in UTC): the order's creation, shifted by seven hours.
    const [row] = await s.service.dataSource.query('SELECT created_at FROM orders WHERE id = $1', [
      order.id,
    ]);
    const wib = new Date((row.created_at as Date).getTime() + 7 * 3_600_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    expect(text).toContain(`${wib} WIB order.created`);
    expect(await page.locator('main').innerText()).toContain('Rp 150.000 (15000000 sen)');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-3-order');
  });

  it('refunds part of it through the confirmation step and shows SUCCEEDED', async () => {
    const amount = page.getByLabel('Refund amount (Rp)');
    expect(await amount.inputValue()).toBe('150.000'); // what is refundable
    await amount.fill('20.000');
    await page.getByLabel('Reason', { exact: true }).fill('One item returned');
    await page.getByRole('button', { name: 'Review refund' }).click();
    const confirm = page.getByRole('group', { name: /Refund Rp 20\.000 \(2000000 sen\)/ });
    await confirm.waitFor();
    await screenshot(page, 'admin-4-refund-confirm');
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await page.getByText(/SUCCEEDED: DOKU refunded Rp 20\.000/).waitFor();
    const refunds = page.getByRole('table', { name: 'Refunds of this order, oldest first' });
    expect(await refunds.innerText()).toMatch(/Rp 20\.000 \(2000000 sen\)\s+SUCCEEDED/);
    expect(await page.locator('main').innerText()).toContain(
      'Still refundable\nRp 130.000 (13000000 sen)',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-5-refunded');
  });

  it('sends a refund above the threshold to a second operator, who approves it', async () => {
    await page.getByLabel('Refund amount (Rp)').fill('60.000');
    await page.getByLabel('Reason', { exact: true }).fill('Second item returned');
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByRole('group', { name: /approve a refund of Rp 60\.000/ }).waitFor();
    await page.getByRole('button', { name: 'Ask for approval' }).click();
    await page.getByText(/Asked for approval/).waitFor();
    expect(await page.getByText('Waiting for another operator').count()).toBe(1);
    await signOut();

    await signIn(CAROL_KEY);
    await openOrder();
    await page.getByRole('button', { name: 'Approve refund of Rp 60.000' }).click();
    await page.getByText(/SUCCEEDED: DOKU refunded Rp 60\.000/).waitFor();
    expect(await page.locator('main').innerText()).toContain(
      'Still refundable\nRp 70.000 (7000000 sen)',
    );
    const timeline = await page
      .getByRole('list', { name: 'Audit events, oldest first' })
      .innerText();
    expect(timeline).toMatch(/refund\.approval_requested · by alice/);
    expect(timeline).toMatch(/refund\.approved · by carol/);
    await screenshot(page, 'admin-6-approved');
    await signOut();
  });

  it('shows a viewer the order without the operator actions, and the API refuses the refund', async () => {
    await signIn(VIEWER_KEY);
    expect(await page.locator('.who').innerText()).toMatch(/bob\s+viewer/);
    await openOrder();
    await page.getByText('You are a viewer').waitFor();
    expect(await page.getByLabel('Refund amount (Rp)').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reconcile now' }).count()).toBe(0);
    // Even a hand-made call from the signed-in page (cookie and CSRF token) is refused.
    const answer = await page.evaluate(async (id) => {
      const session = (await (await fetch('/admin/v1/session')).json()) as { csrfToken: string };
      const res = await fetch(`/admin/v1/orders/${id}/refunds`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': session.csrfToken,
          'idempotency-key': 'viewer-try',
        },
        body: JSON.stringify({ amount: 100, reason: 'viewer' }),
      });
      return { status: res.status, code: ((await res.json()) as { code: string }).code };
    }, order.id);
    expect(answer).toEqual({ status: 403, code: 'OPERATOR_ROLE_REQUIRED' });
    await screenshot(page, 'admin-7-viewer');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: `Order ${order.id}` }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const overflow = await page.evaluate(
      () =>
        ((globalThis as any).document.documentElement.scrollWidth as number) -
        ((globalThis as any).innerWidth as number),
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-8-phone', false);
    await page.getByRole('heading', { name: 'Refunds', exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-9-phone-refunds', false);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
