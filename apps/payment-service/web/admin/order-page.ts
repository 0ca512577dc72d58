// One order: status and flags in words, amounts in rupiah beside minor units, the QR,
// payment details, DOKU references, refunds (and the refund form with its confirmation
// step), approvals, webhook deliveries with resend, reconcile now, and the audit timeline.
import { api, ApiFailure, newIdempotencyKey } from '../shared/api.js';
import { field, h, mount, type Child } from '../shared/dom.js';
import { money, parseRupiah, rupiah, when } from '../shared/format.js';
import { statusBadge } from './orders.js';
import type { AdminOrder, Approval, Refund } from './types.js';
import { currentSession, errorText, facts, isOperator, notice } from './ui.js';
import { FLAG_WORDS, REFUND_WORDS, STATUS_WORDS } from './words.js';

const section = (title: string, ...children: Child[]) => {
  const id = `sec-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title),
    ...children,
  );
};

function table(caption: string, head: string[], rows: Child[][]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    ),
  );
}

export async function renderOrderPage(
  main: HTMLElement,
  id: string,
  flash?: HTMLElement,
): Promise<void> {
  const o = (await api<AdminOrder>('GET', `/admin/v1/orders/${encodeURIComponent(id)}`)).body;
  document.title = `Order ${o.id} · QRIS admin`;
  const reload = (message?: HTMLElement) =>
    renderOrderPage(main, id, message).catch((err) => mount(main, notice('error', errorText(err))));
  const s = o.refundSummary;

  const status = section(
    'Status',
    h('p', {}, statusBadge(o.status), ' ', STATUS_WORDS[o.status] ?? o.status),
    o.flags.length
      ? h(
          'ul',
          { class: 'flags', 'aria-label': 'Flags that need a person' },
          ...o.flags.map((f) =>
            h(
              'li',
              {},
              h('strong', {}, f),
              ': ',
              FLAG_WORDS[f]?.meaning ?? '',
              ' ',
              h('em', {}, `What to do: ${FLAG_WORDS[f]?.action ?? 'look into it.'}`),
            ),
          ),
        )
      : h('p', {}, 'No flags: nothing needs a person.'),
    o.failure ? h('p', {}, `DOKU’s failure: ${o.failure.code} ${o.failure.message ?? ''}`) : null,
  );

  const amounts = section(
    'Amounts',
    facts([
      ['Order amount', money(o.amount)],
      ['Paid', o.payment ? money(o.payment.paidAmount) : 'nothing yet'],
      ['Refunded', money(s.refundedAmount)],
      ['Waiting for DOKU', money(s.inFlightAmount)],
      ['Still refundable', money(s.refundableAmount)],
    ]),
  );

  const qr = o.qrContent
    ? section(
        'QR',
        h('img', {
          src: `/admin/v1/orders/${encodeURIComponent(o.id)}/qr.svg`,
          alt: `QRIS code of order ${o.id} for ${rupiah(o.amount)}`,
          class: 'qr',
          width: 220,
          height: 220,
        }),
        h('p', {}, `Valid until ${when(o.expiresAt)}`),
      )
    : null;

  const payment = section(
    'Payment details',
    facts([
      ['Merchant reference', o.merchantReference],
      ['Description', o.description],
      ['Terminal', o.terminalId],
      ['Created', when(o.createdAt)],
      ['Expires', when(o.expiresAt)],
      ['Paid at', o.payment ? when(o.payment.paidAt) : null],
      ['Approval code', o.payment?.approvalCode ?? null],
      [
        'Issuer',
        o.payment
          ? `${o.payment.issuerName ?? ''} ${o.payment.issuerId ? `(${o.payment.issuerId})` : ''}`.trim() ||
            null
          : null,
      ],
      ['Customer', o.payment?.customerName ?? null],
    ]),
  );

  const doku = section(
    'DOKU references',
    facts([
      ['Reference no (DOKU)', o.doku.referenceNo],
      ['Partner reference no (ours at DOKU)', o.doku.partnerReferenceNo],
      ...o.refunds.map((r): [string, string] => [
        `Refund ${r.id}`,
        `partnerRefundNo ${r.doku.partnerRefundNo}, refundNo ${r.doku.refundNo ?? '—'}`,
      ]),
    ]),
  );

  const actions = isOperator()
    ? actionsSection(o, reload)
    : section(
        'Actions',
        h('p', {}, 'You are a viewer: refunds, cancels, resends and reconcile need an operator.'),
      );

  const refunds = section(
    'Refunds',
    o.refunds.length
      ? table(
          'Refunds of this order, oldest first',
          ['Refund', 'Amount', 'Status', 'Reason', 'By', 'When'],
          o.refunds.map((r: Refund) => [
            r.id,
            money(r.amount),
            h(
              'span',
              {},
              statusBadge(r.status),
              ' ',
              r.unknown?.message ?? r.failure?.message ?? REFUND_WORDS[r.status] ?? '',
            ),
            r.reason,
            r.actor,
            when(r.createdAt),
          ]),
        )
      : h('p', {}, 'No refunds.'),
    o.refundApprovals.length ? approvalsTable(o.refundApprovals, reload) : null,
  );

  const webhooks = section(
    'Webhook deliveries',
    o.webhookDeliveries.length
      ? table(
          'Webhooks sent to the shop',
          ['#', 'Event', 'Status', 'Attempts', 'Last answer', 'Delivered', ''],
          o.webhookDeliveries.map((d) => [
            String(d.sequence),
            d.eventType,
            statusBadge(d.status),
            String(d.attempts),
            d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—'),
            when(d.deliveredAt),
            isOperator() && d.status !== 'PENDING' ? resendButton(d.id, d.eventType, reload) : '',
          ]),
        )
      : h('p', {}, 'No webhooks yet (none are sent while WEBHOOK_URL is unset).'),
  );

  const timeline = section(
    'Timeline',
    h(
      'ol',
      { class: 'timeline', 'aria-label': 'Audit events, oldest first' },
      ...o.events.map((e) =>
        h(
          'li',
          {},
          h('time', { datetime: e.at }, when(e.at)),
          ' ',
          h('strong', {}, e.type),
          e.from !== e.to && e.to ? ` ${e.from ?? '—'} → ${e.to}` : '',
          ` · by ${e.actor} via ${e.source}`,
          e.details ? h('div', { class: 'details' }, summarize(e.details)) : null,
        ),
      ),
    ),
  );

  mount(
    main,
    h('h1', {}, 'Order ', h('code', {}, o.id)),
    h('p', {}, h('a', { href: '#/orders' }, '← All orders')),
    h('div', { 'aria-live': 'polite', id: 'outcome' }, flash ?? null),
    h('div', { class: 'grid' }, status, amounts, qr, payment),
    doku,
    actions,
    refunds,
    webhooks,
    timeline,
  );
}

function summarize(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([k]) => k !== 'idempotencyKey')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

type Reload = (message?: HTMLElement) => Promise<void>;

function actionsSection(o: AdminOrder, reload: Reload): HTMLElement {
  const area = h('div', {});
  const reconcile = h('button', { type: 'button', class: 'secondary' }, 'Reconcile now');
  reconcile.addEventListener('click', () => {
    reconcile.disabled = true;
    api<{
      outcome: string;
      dokuAnswer: string | null;
      nextPollAt: string | null;
      order: { status: string };
    }>('POST', `/admin/v1/orders/${o.id}/reconcile`)
      .then((r) =>
        reload(
          notice(
            'ok',
            `Reconciled: DOKU answered “${r.body.dokuAnswer ?? 'not asked'}”; outcome ${r.body.outcome}; the order is ${r.body.order.status}${r.body.nextPollAt ? `, next look at ${when(r.body.nextPollAt)}` : ''}.`,
          ),
        ),
      )
      .catch((err) => reload(notice('error', errorText(err))));
  });
  const buttons: Child[] = [reconcile];
  if (o.status === 'PENDING') buttons.push(cancelForm(o, reload));
  return section(
    'Actions',
    h('div', { class: 'actions' }, ...buttons),
    o.refundSummary.refundableAmount > 0
      ? refundForm(o, area, reload)
      : h('p', {}, 'Nothing to refund on this order.'),
    area,
  );
}

function cancelForm(o: AdminOrder, reload: Reload): HTMLElement {
  const reason = h('input', { type: 'text', name: 'cancelReason', required: true, maxlength: 256 });
  const form = h(
    'form',
    { class: 'inline', 'aria-label': 'Cancel the order' },
    field('Reason to cancel', reason),
    h('button', { type: 'submit', class: 'danger' }, 'Cancel order'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    api('POST', `/admin/v1/orders/${o.id}/cancel`, { reason: reason.value })
      .then(() => reload(notice('ok', 'The order is cancelled (its QR too, at DOKU).')))
      .catch((err) => reload(notice('error', errorText(err))));
  });
  return form;
}

function refundForm(o: AdminOrder, area: HTMLElement, reload: Reload): HTMLElement {
  const refundable = o.refundSummary.refundableAmount;
  const threshold = currentSession().refundApprovalThreshold;
  const amount = h('input', {
    type: 'text',
    inputmode: 'decimal',
    name: 'amount',
    required: true,
    value: rupiah(refundable).replace('Rp ', ''),
  });
  const reason = h('textarea', { name: 'reason', required: true, maxlength: 256, rows: 2 });
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'refund', 'aria-labelledby': 'refund-title' },
    h('h3', { id: 'refund-title' }, 'Refund'),
    field(
      'Refund amount (Rp)',
      amount,
      `At most ${rupiah(refundable)} is refundable.${threshold > 0 ? ` Above ${rupiah(threshold)} a second operator approves.` : ''}`,
    ),
    field('Reason', reason, 'Required; sent to DOKU and kept in the audit trail.'),
    h('button', { type: 'submit' }, 'Review refund'),
    problem,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const minor = parseRupiah(amount.value);
    if (minor === null || minor <= 0)
      return mount(problem, notice('error', 'Type an amount in rupiah, e.g. 5.000.'));
    if (minor > refundable)
      return mount(
        problem,
        notice('error', `That is more than the ${rupiah(refundable)} still refundable.`),
      );
    if (!reason.value.trim())
      return mount(problem, notice('error', 'Say why the money goes back.'));
    mount(problem);
    form.hidden = true;
    confirmStep(
      o,
      minor,
      reason.value.trim(),
      threshold > 0 && minor > threshold,
      area,
      form,
      reload,
    );
  });
  return form;
}

function confirmStep(
  o: AdminOrder,
  minor: number,
  reason: string,
  needsApproval: boolean,
  area: HTMLElement,
  form: HTMLElement,
  reload: Reload,
): void {
  const key = newIdempotencyKey(); // one key per confirmation: a double click is one refund
  const confirm = h(
    'button',
    { type: 'button' },
    needsApproval ? 'Ask for approval' : 'Confirm refund',
  );
  const back = h('button', { type: 'button', class: 'secondary' }, 'Back');
  const box = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': 'confirm-text' },
    h(
      'p',
      { id: 'confirm-text' },
      needsApproval
        ? `Ask a second operator to approve a refund of ${rupiah(minor)} (${minor} sen) on order ${o.id}? It is above the ${rupiah(currentSession().refundApprovalThreshold)} that one operator may refund alone.`
        : `Refund ${rupiah(minor)} (${minor} sen) to the customer of order ${o.id}?`,
    ),
    h('p', {}, `Reason: ${reason}`),
    h('div', { class: 'actions' }, confirm, back),
  );
  back.addEventListener('click', () => {
    mount(area);
    form.hidden = false;
  });
  confirm.addEventListener('click', () => {
    confirm.disabled = true;
    back.disabled = true;
    const call = needsApproval
      ? api<Approval>(
          'POST',
          `/admin/v1/orders/${o.id}/refund-approvals`,
          { amount: minor, reason },
          { 'idempotency-key': key },
        ).then((r) =>
          notice(
            'ok',
            `Asked for approval (${r.body.id}): another operator approves it from this page or the Queues.`,
          ),
        )
      : api<Refund>(
          'POST',
          `/admin/v1/orders/${o.id}/refunds`,
          { amount: minor, reason },
          { 'idempotency-key': key },
        ).then((r) => refundOutcome(r.body));
    call
      .catch((err) => {
        const refund =
          err instanceof ApiFailure
            ? (err.error.details as { refund?: Refund } | undefined)?.refund
            : undefined;
        return refund ? refundOutcome(refund) : notice('error', errorText(err));
      })
      .then((message) => reload(message));
  });
  mount(area, box);
  confirm.focus();
}

function refundOutcome(r: Refund): HTMLElement {
  switch (r.status) {
    case 'SUCCEEDED':
      return notice('ok', `Refund ${r.id} SUCCEEDED: DOKU refunded ${rupiah(r.amount)}.`);
    case 'UNKNOWN':
      return notice(
        'info',
        `Refund ${r.id} is UNKNOWN: ${r.unknown?.message ?? REFUND_WORDS.UNKNOWN} Do not refund it again.`,
      );
    case 'FAILED':
      return notice(
        'error',
        `Refund ${r.id} FAILED: ${r.failure?.code ?? ''} ${r.failure?.message ?? ''}. No money moved.`,
      );
    default:
      return notice('info', `Refund ${r.id} is ${r.status}: ${REFUND_WORDS[r.status] ?? ''}`);
  }
}

function approvalsTable(approvals: Approval[], reload: Reload): HTMLElement {
  const me = currentSession().keyId;
  return table(
    'Refunds that need a second operator',
    ['Approval', 'Amount', 'Status', 'Reason', 'Asked by', 'Decision'],
    approvals.map((a) => [
      a.id,
      money(a.amount),
      statusBadge(a.status),
      a.reason,
      a.requestedBy,
      a.status !== 'AWAITING_APPROVAL'
        ? `${a.decidedBy ?? ''} ${a.decisionNote ?? ''}`.trim() || '—'
        : !isOperator()
          ? 'Waiting for an operator'
          : a.requestedBy === me
            ? 'Waiting for another operator'
            : decisionButtons(a, reload),
    ]),
  );
}

export function decisionButtons(a: Approval, reload: Reload): HTMLElement {
  const approve = h(
    'button',
    { type: 'button', 'aria-label': `Approve refund of ${rupiah(a.amount)}` },
    'Approve',
  );
  const reject = h(
    'button',
    { type: 'button', class: 'secondary', 'aria-label': `Reject refund of ${rupiah(a.amount)}` },
    'Reject',
  );
  approve.addEventListener('click', () => {
    approve.disabled = true;
    api<{ refund: Refund | null; problem: { code: string; message: string } | null }>(
      'POST',
      `/admin/v1/refund-approvals/${a.id}/approve`,
    )
      .then((r) =>
        reload(
          r.body.refund
            ? refundOutcome(r.body.refund)
            : notice('error', `${r.body.problem?.message} (${r.body.problem?.code})`),
        ),
      )
      .catch((err) => reload(notice('error', errorText(err))));
  });
  reject.addEventListener('click', () => {
    const reason = h('input', { type: 'text', name: 'rejectReason', required: true });
    const form = h(
      'form',
      { class: 'inline' },
      field('Reason to reject', reason),
      h('button', { type: 'submit' }, 'Reject refund'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      api('POST', `/admin/v1/refund-approvals/${a.id}/reject`, { reason: reason.value })
        .then(() => reload(notice('ok', 'Refund rejected.')))
        .catch((err) => reload(notice('error', errorText(err))));
    });
    reject.replaceWith(form);
    reason.focus();
  });
  return h('div', { class: 'actions' }, approve, reject);
}

function resendButton(id: string, type: string, reload: Reload): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'secondary', 'aria-label': `Resend ${type}` },
    'Resend',
  );
  button.addEventListener('click', () => {
    const reason = h('input', { type: 'text', name: 'resendReason', required: true });
    const form = h(
      'form',
      { class: 'inline' },
      field(`Reason to resend ${type}`, reason),
      h('button', { type: 'submit' }, 'Send again'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      api('POST', `/admin/v1/webhook-deliveries/${id}/resend`, { reason: reason.value })
        .then(() => reload(notice('ok', `${type} will be sent again now.`)))
        .catch((err) => reload(notice('error', errorText(err))));
    });
    button.replaceWith(form);
    reason.focus();
  });
  return button;
}
