// The demo checkout (dev mode only): what a shop's checkout does with this service. The page
// holds no key: its calls go to /demo/api/*, server routes that call the public API with the
// dev service key (apps/payment-service/src/demo/demo-routes.ts).
import { api, ApiFailure } from '../shared/api.js';
import { h, mount, field } from '../shared/dom.js';
import { parseRupiah, rupiah, when } from '../shared/format.js';

interface Order {
  id: string;
  merchantReference: string;
  status: string;
  amount: number;
  expiresAt: string;
  qrContent: string | null;
  payment: {
    paidAt: string | null;
    paidAmount: number;
    approvalCode: string | null;
    issuerName: string | null;
    customerName: string | null;
  } | null;
  failure: { code: string; message: string | null } | null;
  doku: { partnerReferenceNo: string; referenceNo: string | null };
}
interface Delivery {
  receivedAt: string;
  verified: boolean;
  problem?: string;
  headers: Record<string, string>;
  body: string;
  type?: string;
  orderId?: string;
}
interface Inbox {
  webhookUrl: string | null;
  inbox: boolean;
  data: Delivery[];
}

const PRESETS = [1_500_000, 5_000_000, 12_500_000];
const main = document.getElementById('main')!;
const shop = h('section', { class: 'card', 'aria-labelledby': 'shop-h' });
const inboxCard = h('section', { class: 'card', 'aria-labelledby': 'inbox-h' });
const message = h('div', { role: 'status' });
let order: Order | null = null;
let timer: number | undefined;
let inboxShown = '';

mount(
  main,
  h('h1', {}, 'Demo checkout'),
  h(
    'p',
    {},
    'A shop page using this service in dev mode: it creates an order through the public API, shows its QRIS, follows it live, and pays it with the simulator. The webhooks your backend would get appear in the inbox.',
  ),
  message,
  h('div', { class: 'checkout' }, shop, inboxCard),
);

const say = (text: string, kind: '' | 'ok' | 'error' = '') =>
  mount(message, text ? h('p', { class: `notice ${kind}` }, text) : null);
const failed = (e: unknown) =>
  say(e instanceof ApiFailure ? `${e.error.code}: ${e.error.message}` : String(e), 'error');

function showShop(): void {
  order = null;
  const amount = h('input', {
    name: 'amount',
    inputmode: 'numeric',
    value: rupiah(PRESETS[0]).replace('Rp ', ''),
    required: true,
  });
  const form = h(
    'form',
    {
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        const minor = parseRupiah(amount.value);
        if (!minor) return say('Type an amount in rupiah, e.g. 15.000.', 'error');
        void create(minor);
      },
    },
    h(
      'div',
      { class: 'amounts', role: 'group', 'aria-label': 'Pick an amount' },
      ...PRESETS.map((p) =>
        h(
          'button',
          { type: 'button', onclick: () => (amount.value = rupiah(p).replace('Rp ', '')) },
          rupiah(p),
        ),
      ),
    ),
    field('Amount (Rp)', amount, 'Whole rupiah; the API gets minor units (sen).'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Pay with QRIS')),
  );
  mount(shop, h('h2', { id: 'shop-h' }, 'Your cart'), form);
}

async function create(amount: number): Promise<void> {
  say('Creating the order…');
  try {
    const r = await api<Order>('POST', '/demo/api/orders', { amount });
    order = r.body;
    say('');
    showOrder();
    follow();
  } catch (e) {
    failed(e);
  }
}

function showOrder(): void {
  const o = order!;
  const status = h('p', { class: `badge s-${o.status.toLowerCase()}` }, o.status);
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Order'),
    h('dd', {}, h('code', {}, o.id)),
    h('dt', {}, 'Merchant reference'),
    h('dd', {}, o.merchantReference),
  );
  if (o.status === 'PENDING' || o.status === 'CREATING') {
    const countdown = h('p', { class: 'countdown', id: 'countdown' }, countdownText(o));
    mount(
      shop,
      h('h2', { id: 'shop-h' }, 'Scan to pay'),
      h('p', { class: 'big-amount' }, rupiah(o.amount)),
      o.qrContent
        ? h('img', {
            class: 'demo-qr',
            src: `/demo/api/orders/${o.id}/qr.svg`,
            alt: `QRIS code to pay ${rupiah(o.amount)}`,
          })
        : h('p', {}, 'Waiting for DOKU to create the QR…'),
      status,
      countdown,
      facts,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => void pay() }, 'Pay with the simulator'),
        h('button', { type: 'button', onclick: () => void cancel() }, 'Cancel order'),
      ),
    );
    return;
  }
  if (o.status === 'PAID' || o.status.endsWith('REFUNDED')) {
    const p = o.payment;
    mount(
      shop,
      h('h2', { id: 'shop-h' }, 'Receipt'),
      h('p', { class: 'notice ok' }, `Paid ${rupiah(p?.paidAmount ?? o.amount)}. Thank you!`),
      status,
      h(
        'dl',
        { class: 'facts' },
        ...[...facts.childNodes],
        h('dt', {}, 'Amount'),
        h('dd', {}, rupiah(p?.paidAmount ?? o.amount)),
        h('dt', {}, 'Paid at'),
        h('dd', {}, when(p?.paidAt ?? null)),
        h('dt', {}, 'Paid with'),
        h('dd', {}, p?.issuerName ?? '—'),
        h('dt', {}, 'Customer'),
        h('dd', {}, p?.customerName ?? '—'),
        h('dt', {}, 'Approval code'),
        h('dd', {}, p?.approvalCode ?? '—'),
        h('dt', {}, 'DOKU reference'),
        h('dd', {}, o.doku.referenceNo ?? '—'),
      ),
      newOrderButton(),
    );
    return;
  }
  const words: Record<string, string> = {
    EXPIRED: 'The QR expired before anyone paid it. Start a new order.',
    CANCELLED: 'The order was cancelled; its QR can no longer be paid.',
    FAILED: `DOKU could not create the QR${o.failure ? ` (${o.failure.code})` : ''}.`,
  };
  mount(
    shop,
    h('h2', { id: 'shop-h' }, `Order ${o.status.toLowerCase()}`),
    h('p', { class: 'notice error' }, words[o.status] ?? `The order is ${o.status}.`),
    status,
    facts,
    newOrderButton(),
  );
}

const newOrderButton = () =>
  h('div', { class: 'actions' }, h('button', { type: 'button', onclick: showShop }, 'New order'));

function countdownText(o: Order): string {
  const left = Math.max(0, Math.round((Date.parse(o.expiresAt) - Date.now()) / 1000));
  const mm = Math.floor(left / 60);
  const ss = String(left % 60).padStart(2, '0');
  return left > 0 ? `Expires in ${mm}:${ss}` : 'Expiring now…';
}

/** Polls the order every second while it can change; the countdown ticks in between. */
function follow(): void {
  window.clearInterval(timer);
  timer = window.setInterval(() => void tick(), 1000);
}

async function tick(): Promise<void> {
  if (!order) return;
  const countdown = document.getElementById('countdown');
  if (countdown) countdown.textContent = countdownText(order);
  try {
    const r = await api<Order>('GET', `/demo/api/orders/${order.id}`);
    if (!order || r.body.id !== order.id) return;
    const changed = r.body.status !== order.status || r.body.qrContent !== order.qrContent;
    order = r.body;
    if (changed) {
      showOrder();
      say(`Order ${order.id} is now ${order.status}.`, order.status === 'PAID' ? 'ok' : '');
    }
  } catch (e) {
    failed(e);
  }
}

async function pay(): Promise<void> {
  say('Paying with the simulator (as a customer’s banking app would)…');
  try {
    await api('POST', `/demo/api/orders/${order!.id}/simulator-payment`, {});
    say('The simulator paid; waiting for DOKU’s notification…');
  } catch (e) {
    failed(e);
  }
}

async function cancel(): Promise<void> {
  try {
    await api('POST', `/demo/api/orders/${order!.id}/cancel`, {});
    await tick();
  } catch (e) {
    failed(e);
  }
}

async function refreshInbox(): Promise<void> {
  let inbox: Inbox;
  try {
    inbox = (await api<Inbox>('GET', '/demo/api/inbox')).body;
  } catch {
    return;
  }
  // Redrawn only when something arrived, so an open "Headers and body" stays open.
  const shown = `${inbox.data.length} ${inbox.data[0]?.receivedAt ?? ''}`;
  if (shown === inboxShown) return;
  inboxShown = shown;
  const intro = inbox.inbox
    ? `WEBHOOK_URL is not set, so in dev mode the service sends its webhooks here (${inbox.webhookUrl}), and this inbox checks each signature with the dev webhook secret, as your backend will.`
    : `WEBHOOK_URL is set (${inbox.webhookUrl ?? ''}): webhooks go there, not to this inbox.`;
  mount(
    inboxCard,
    h('h2', { id: 'inbox-h' }, 'Webhook inbox'),
    h('p', {}, intro),
    inbox.data.length
      ? h(
          'ol',
          { class: 'timeline', 'aria-label': 'Webhook deliveries, newest first' },
          ...inbox.data.map(deliveryItem),
        )
      : h('p', {}, 'No delivery yet.'),
  );
}

function deliveryItem(d: Delivery): HTMLElement {
  let body = d.body;
  try {
    body = JSON.stringify(JSON.parse(d.body), null, 2);
  } catch {
    // shown as received
  }
  return h(
    'li',
    { class: 'inbox-item' },
    h('strong', {}, d.type ?? 'unknown type'),
    ' ',
    h(
      'span',
      { class: `badge ${d.verified ? 's-paid' : 's-failed'}` },
      d.verified ? 'signature verified' : `refused: ${d.problem ?? ''}`,
    ),
    ' ',
    h('small', {}, `${when(d.receivedAt)} · ${d.orderId ?? ''}`),
    h(
      'details',
      {},
      h('summary', {}, 'Headers and body'),
      h(
        'pre',
        { tabindex: 0, 'aria-label': 'Headers' },
        Object.entries(d.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      ),
      h('pre', { tabindex: 0, 'aria-label': 'Body' }, body),
    ),
  );
}

showShop();
void refreshInbox();
window.setInterval(() => void refreshInbox(), 1500);
