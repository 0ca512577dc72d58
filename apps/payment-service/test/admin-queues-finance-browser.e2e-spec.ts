// The console's Queues and Finance pages in a real Chromium against the real stack (service,
// PostgreSQL, the DOKU simulator, a shop backend that fails every webhook at first): what
// waits for a person, a resend by an operator, a day's figures and the CSV links; a viewer
// sees both without the resend. Found by role and label; axe-core: no serious violation.
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
import { startShopServer, type ShopServer } from '../../../test/support/shop-server.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { jakartaToday } from '../src/finance/jakarta-day.js';
import { eventually, paidOrder, refund, type CreatedOrder } from './refunds.support.js';
import { SECRET_A } from './webhooks.support.js';

const VIEWER_KEY = 'ak_test_viewer_key_0123456789abcdefgh';

describe('admin console Queues and Finance in Chromium', () => {
  let s: Stack;
  let shop: ShopServer;
  let browser: Browser;
  let page: Page;
  let paid: CreatedOrder;
  let flagged: CreatedOrder;
  let unknownRefundId: string;
  let deadId: string;

  beforeAll(async () => {
    buildPages();
    shop = await startShopServer();
    shop.respondWith(500);
    s = await startStack({
      label: 'admin_queues_browser',
      env: {
        ADMIN_API_KEYS: `alice:${TEST_ADMIN_KEY},bob:${VIEWER_KEY}`,
        ADMIN_KEY_ROLES: 'bob:viewer',
        REFUND_APPROVAL_THRESHOLD: '5000000',
        WEBHOOK_URL: shop.url,
        WEBHOOK_SECRETS: SECRET_A,
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_DISPATCH_INTERVAL_MS: '50',
      },
    });
    // Paid Rp 15.000, Rp 5.000 of it refunded.
    paid = await paidOrder(s, 1_500_000);
    expect((await refund(s, paid.id, { amount: 500_000, reason: 'one back' })).status).toBe(201);
    // Paid less than asked: flagged AMOUNT_MISMATCH.
    flagged = await paidOrder(s, 1_000_000, { amountMinor: 900_000, force: true });
    // Paid Rp 10.000; a refund whose answer never comes (DOKU keeps timing out).
    const lost = await paidOrder(s, 1_000_000);
    s.simulator.setEndpointFault('refund', { timeoutRate: 1, times: 10_000 });
    const unknown = await refund(s, lost.id, { amount: 300_000, reason: 'answer lost' });
    expect(unknown.body.status).toBe('UNKNOWN');
    unknownRefundId = unknown.body.id;
    // Paid Rp 100.000; Rp 60.000 of it asked for approval.
    const big = await paidOrder(s, 10_000_000);
    const asked = await http(
      'POST',
      `${s.service.url}/admin/v1/orders/${big.id}/refund-approvals`,
      {
        key: TEST_ADMIN_KEY,
        body: { amount: 6_000_000, reason: 'returned goods' },
        headers: { 'Idempotency-Key': `approval-${big.id}` },
      },
    );
    expect(asked.status).toBe(201);
    await eventually(async () => {
      const dead = await http('GET', `${s.service.url}/admin/v1/webhook-deliveries?status=DEAD`, {
        key: TEST_ADMIN_KEY,
      });
      const ofPaid = (dead.body.data as { id: string; orderId: string; eventType: string }[]).find(
        (d) => d.orderId === paid.id && d.eventType === 'order.paid',
      );
      expect(ofPaid).toBeDefined();
      deadId = ofPaid!.id;
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await shop?.close();
  });

  const signIn = async (key: string) => {
    await page.goto(`${s.service.url}/admin`);
    await page.getByLabel('Admin key').waitFor();
    await page.keyboard.type(key);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };
  const openQueues = async () => {
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByRole('heading', { name: 'Queues', exact: true }).waitFor();
  };

  it('shows what waits for a person: flagged orders with their action, unknown refunds, dead webhooks, approvals', async () => {
    await signIn(TEST_ADMIN_KEY);
    await openQueues();
    await page.getByRole('heading', { name: 'Flagged orders (1)' }).waitFor();
    const flaggedTable = await page
      .getByRole('table', { name: 'Flagged orders, newest first' })
      .innerText();
    expect(flaggedTable).toContain(flagged.id);
    expect(flaggedTable).toContain('AMOUNT_MISMATCH');
    expect(flaggedTable).toContain('Check the payment at DOKU, then refund what was paid');

    await page.getByRole('heading', { name: 'Refunds with an unknown outcome (1)' }).waitFor();
    const unknown = await page
      .getByRole('table', { name: 'Refunds with an unknown outcome, oldest first' })
      .innerText();
    expect(unknown).toContain(unknownRefundId);
    expect(unknown).toContain('Rp 3.000 (300000 sen)');
    expect(unknown).toMatch(/DOKU/); // unknown.message: what the service does next

    const dead = await page
      .getByRole('table', { name: 'Dead-lettered webhooks, oldest first' })
      .innerText();
    expect(dead).toContain(deadId);
    expect(dead).toContain('HTTP 500');

    const approvals = await page
      .getByRole('table', { name: 'Refunds awaiting approval, newest first' })
      .innerText();
    expect(approvals).toContain('Rp 60.000 (6000000 sen)');
    expect(approvals).toContain('returned goods');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-queues-1-operator');
  });

  it('lets an operator resend a dead webhook once the shop is fixed', async () => {
    shop.respondWith(200);
    await page.getByRole('button', { name: `Resend ${deadId}` }).click();
    // The reason field has the focus: typed from the keyboard, sent with Enter.
    await page.getByLabel(`Reason to resend ${deadId}`).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.type('shop endpoint fixed');
    await page.keyboard.press('Enter');
    await page.getByText(`order.paid of ${paid.id} will be sent again now.`).waitFor();
    expect(
      await page.getByRole('table', { name: 'Dead-lettered webhooks, oldest first' }).innerText(),
    ).not.toContain(deadId);
    await eventually(async () => {
      expect(shop.received.map((r) => r.json.type)).toContain('order.paid');
    });
    await screenshot(page, 'admin-queues-2-resent');
  });

  it("shows the Jakarta day's figures and links the CSV exports", async () => {
    await page.getByRole('link', { name: 'Finance' }).click();
    const day = jakartaToday();
    await page.getByRole('heading', { name: `Summary of ${day} (Jakarta time)` }).waitFor();
    const summary = await page.getByRole('region', { name: /Summary of/ }).innerText();
    // Paid: Rp 15.000 + Rp 10.000 + Rp 100.000 (the mismatched payment is not counted).
    expect(summary).toContain('Orders paid\n3');
    expect(summary).toContain('Paid\nRp 125.000 (12500000 sen)');
    expect(summary).toContain('Refunded\nRp 5.000 (500000 sen) in 1 refund');
    expect(summary).toContain('Net\nRp 120.000 (12000000 sen)');
    expect(summary).toContain('Flagged orders\n1');
    expect(await page.getByLabel('Day (Jakarta time)').inputValue()).toBe(day);

    const link = page.getByRole('link', { name: 'Download orders CSV' });
    expect(await link.getAttribute('href')).toBe(
      `/admin/v1/finance/orders.csv?from=${day}&to=${day}`,
    );
    // The link works with the session cookie alone.
    const csv = await page.evaluate(
      async (href) => {
        const res = await fetch(href);
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          text: await res.text(),
        };
      },
      (await page.getByRole('link', { name: 'Download refunds CSV' }).getAttribute('href'))!,
    );
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.text).toMatch(/^refund_id,order_id,merchant_reference,/);
    expect(csv.text).toContain(unknownRefundId);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-finance-1-day');

    await page.getByLabel('Day (Jakarta time)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Show day' }).click();
    await page.getByRole('heading', { name: 'Summary of 2020-01-01 (Jakarta time)' }).waitFor();
    expect(await page.getByRole('region', { name: /Summary of/ }).innerText()).toContain(
      'Net\nRp 0 (0 sen)',
    );
  });

  it('shows a viewer both pages without the resend', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await signIn(VIEWER_KEY);
    await openQueues();
    await page.getByRole('table', { name: 'Dead-lettered webhooks, oldest first' }).waitFor();
    expect(await page.getByRole('button', { name: /^Resend/ }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-queues-3-viewer');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'Queues', exact: true }).waitFor();
    const overflow = await page.evaluate(
      () =>
        ((globalThis as any).document.documentElement.scrollWidth as number) -
        ((globalThis as any).innerWidth as number),
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-queues-4-phone', false);
    await page.getByRole('link', { name: 'Finance' }).click();
    await page.getByRole('heading', { name: /Summary of/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-finance-2-phone', false);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
