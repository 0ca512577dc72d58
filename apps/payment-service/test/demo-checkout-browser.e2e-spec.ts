// The demo checkout in a real Chromium against the real stack in dev mode (service,
// PostgreSQL, the DOKU simulator over HTTP, webhooks to the built-in inbox): pick an amount,
// "Pay with QRIS", the QR with its amount and countdown, "Pay with the simulator", the
// receipt, and the inbox showing order.paid verified. axe-core: no serious violation, on a
// laptop and a 390 px phone. Screenshots go to test-artifacts/screenshots/demo-*.png.
import type { Page } from 'playwright-core';
import {
  buildPages,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  type Browser,
} from '../../../test/support/browser.js';
import { http } from '../../../test/support/http.js';
import { startStack, type Stack } from '../../../test/support/stack.js';

describe('demo checkout in Chromium', () => {
  let s: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildPages();
    s = await startStack({
      label: 'demo_checkout_browser',
      demo: { inbox: true },
      env: { WEBHOOK_DISPATCH_INTERVAL_MS: '200' },
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('serves the page with a strict CSP and no key in its scripts', async () => {
    const html = await http('GET', `${s.service.url}/demo`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const js = await http('GET', `${s.service.url}/demo/assets/demo/main.js`);
    expect(js.status).toBe(200);
    expect(js.text).not.toMatch(/sk_test|ak_test|whsec_/);
    // Only the demo's own and the shared modules under /demo/assets.
    expect((await http('GET', `${s.service.url}/demo/assets/admin/main.js`)).status).toBe(404);
  });

  it('runs from an amount to PAID with a receipt, and the inbox shows order.paid verified', async () => {
    await page.goto(`${s.service.url}/demo`);
    await page.getByRole('button', { name: 'Pay with QRIS' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'demo-1-cart');

    await page.getByRole('button', { name: 'Rp 50.000' }).click();
    expect(await page.getByLabel('Amount (Rp)').inputValue()).toBe('50.000');
    await page.getByRole('button', { name: 'Pay with QRIS' }).click();
    await page.getByRole('heading', { name: 'Scan to pay' }).waitFor();
    const qr = page.getByRole('img', { name: 'QRIS code to pay Rp 50.000' });
    await qr.waitFor();
    await page.waitForFunction(() => {
      const img = (globalThis as any).document.querySelector('img.demo-qr');
      return img?.complete && img.naturalWidth > 0;
    });
    expect(await page.locator('.big-amount').innerText()).toBe('Rp 50.000');
    await page.getByText(/Expires in \d+:\d\d/).waitFor();
    await page.locator('.inbox-item strong', { hasText: 'order.pending' }).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'demo-2-qr');

    await page.getByRole('button', { name: 'Pay with the simulator' }).click();
    await page.getByRole('heading', { name: 'Receipt' }).waitFor({ timeout: 15_000 });
    const receipt = await page.locator('main').innerText();
    expect(receipt).toContain('Paid Rp 50.000');
    expect(receipt).toContain('DEMO CUSTOMER');

    const inbox = page.getByRole('list', { name: 'Webhook deliveries, newest first' });
    const paid = inbox.getByRole('listitem').filter({ hasText: 'order.paid' });
    await paid.waitFor({ timeout: 15_000 });
    expect(await paid.innerText()).toContain('signature verified');
    await paid.getByText('Headers and body').click();
    const details = await paid.innerText();
    expect(details).toMatch(/webhook-signature: v1,/);
    expect(details).toContain('"type": "order.paid"');
    expect(details).toContain('"status": "PAID"');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'demo-3-receipt-and-inbox');
  });

  it('is readable on a 390 px phone, and shows a cancelled order', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'New order' }).click();
    await page.getByRole('button', { name: 'Pay with QRIS' }).click();
    await page.getByRole('heading', { name: 'Scan to pay' }).waitFor();
    const width = await page.evaluate(
      () => (globalThis as any).document.documentElement.scrollWidth as number,
    );
    expect(width).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'demo-4-phone-qr');
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('heading', { name: 'Order cancelled' }).waitFor();
    await page
      .locator('.inbox-item strong', { hasText: 'order.cancelled' })
      .first()
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'demo-5-phone-cancelled', false);
  });
});
