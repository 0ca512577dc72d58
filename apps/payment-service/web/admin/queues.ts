// Queues: what waits for a person. Flagged orders with the action each flag needs, refunds
// whose DOKU answer is missing, webhooks the shop never took (resend: operators), and refunds
// waiting for a second operator's approval.
import { api } from '../shared/api.js';
import { field, h, mount } from '../shared/dom.js';
import { money, when } from '../shared/format.js';
import { orderLink, statusBadge } from './orders.js';
import { table } from './table.js';
import type { Approval, Delivery, Order, Refund } from './types.js';
import { errorText, isOperator, notice } from './ui.js';
import { FLAG_WORDS } from './words.js';

interface QueuedDelivery extends Delivery {
  orderId: string;
}

export async function renderQueues(main: HTMLElement, message?: HTMLElement): Promise<void> {
  document.title = 'Queues · QRIS admin';
  const [flagged, unknown, dead, approvals] = await Promise.all([
    api<{ data: Order[] }>('GET', '/admin/v1/orders?status=flagged&limit=100'),
    api<{ data: Refund[] }>('GET', '/admin/v1/refunds?status=UNKNOWN'),
    api<{ data: QueuedDelivery[] }>('GET', '/admin/v1/webhook-deliveries?status=DEAD'),
    api<{ data: Approval[] }>('GET', '/admin/v1/refund-approvals?status=AWAITING_APPROVAL'),
  ]);
  const reload = (m: HTMLElement) => void renderQueues(main, m);
  const section = (title: string, count: number, intro: string, body: HTMLElement) =>
    h(
      'section',
      { 'aria-labelledby': slug(title) },
      h('h2', { id: slug(title) }, `${title} (${count})`),
      h('p', {}, intro),
      body,
    );

  mount(
    main,
    h('h1', {}, 'Queues'),
    h('div', { 'aria-live': 'polite' }, message ?? null),
    section(
      'Flagged orders',
      flagged.body.data.length,
      'Orders DOKU and our records disagree about. Each needs a person: do what the flag says.',
      table(
        'Flagged orders, newest first',
        ['Order', 'Amount', 'Status', 'Flag', 'What to do'],
        flagged.body.data.map((o) => [
          orderLink(o.id),
          money(o.amount),
          statusBadge(o.status),
          h('span', {}, ...o.flags.map((f) => h('span', { class: 'badge s-unknown' }, f))),
          h('ul', {}, ...o.flags.map((f) => h('li', {}, FLAG_WORDS[f]?.action ?? f))),
        ]),
        'No flagged orders.',
      ),
    ),
    section(
      'Refunds with an unknown outcome',
      unknown.body.data.length,
      'DOKU’s answer to these refunds is missing. Their amount stays reserved; the service asks DOKU again by itself.',
      table(
        'Refunds with an unknown outcome, oldest first',
        ['Refund', 'Order', 'Amount', 'Asked', 'What happens next'],
        unknown.body.data.map((r) => [
          r.id,
          orderLink(r.orderId),
          money(r.amount),
          when(r.createdAt),
          r.unknown?.message ?? '—',
        ]),
        'No refund is waiting for DOKU.',
      ),
    ),
    section(
      'Dead-lettered webhooks',
      dead.body.data.length,
      isOperator()
        ? 'The shop’s backend never took these events. Once the shop is fixed, resend them.'
        : 'The shop’s backend never took these events. Once the shop is fixed, an operator resends them (you are a viewer).',
      table(
        'Dead-lettered webhooks, oldest first',
        [
          'Delivery',
          'Order',
          'Event',
          'Attempts',
          'Last answer',
          ...(isOperator() ? ['Action'] : []),
        ],
        dead.body.data.map((d) => [
          d.id,
          orderLink(d.orderId),
          d.eventType,
          String(d.attempts),
          d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—'),
          ...(isOperator() ? [resendForm(d, reload)] : []),
        ]),
        'No dead-lettered webhook.',
      ),
    ),
    section(
      'Refunds awaiting approval',
      approvals.body.data.length,
      'Refunds above the approval threshold. Another operator than the one who asked approves or rejects them on the order page.',
      table(
        'Refunds awaiting approval, newest first',
        ['Order', 'Amount', 'Reason', 'Asked by', 'Asked'],
        approvals.body.data.map((a) => [
          orderLink(a.orderId),
          money(a.amount),
          a.reason,
          a.requestedBy,
          when(a.createdAt),
        ]),
        'No refund is waiting for approval.',
      ),
    ),
  );
}

/** A Resend button that opens a one-line form asking why (the reason is audited). */
function resendForm(d: QueuedDelivery, reload: (m: HTMLElement) => void): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'secondary', 'aria-label': `Resend ${d.id}` },
    'Resend',
  );
  button.addEventListener('click', () => {
    const reason = h('input', { type: 'text', name: 'resendReason', required: true, size: 16 });
    const form = h(
      'form',
      { class: 'inline' },
      field(`Reason to resend ${d.eventType}`, reason),
      h('button', { type: 'submit' }, 'Send again'),
    );
    reason.setAttribute('aria-label', `Reason to resend ${d.id}`);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      api('POST', `/admin/v1/webhook-deliveries/${d.id}/resend`, { reason: reason.value })
        .then(() => reload(notice('ok', `${d.eventType} of ${d.orderId} will be sent again now.`)))
        .catch((err) => reload(notice('error', errorText(err))));
    });
    button.replaceWith(form);
    reason.focus();
  });
  return button;
}

const slug = (title: string) => `q-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
