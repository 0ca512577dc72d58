// The orders list: filters (status, flag, created range, references, amount), keyset pages,
// and the search box's results.
import { api } from '../shared/api.js';
import { field, h, mount, select } from '../shared/dom.js';
import { money, parseRupiah, rupiah, when } from '../shared/format.js';
import type { Order } from './types.js';
import { notice } from './ui.js';
import { ORDER_FLAGS, ORDER_STATUSES } from './words.js';

interface OrderList {
  data: Order[];
  nextCursor: string | null;
}

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `badge s-${status.toLowerCase()}` }, status.replace('_', ' '));
}

export function orderLink(id: string): HTMLElement {
  return h('a', { href: `#/orders/${encodeURIComponent(id)}` }, id);
}

function ordersTable(orders: Order[], caption: string): HTMLElement {
  if (orders.length === 0) return notice('info', 'No orders match.');
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Created', 'Order', 'Merchant reference', 'Amount', 'Status', 'Flags'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...orders.map((o) =>
          h(
            'tr',
            {},
            h('td', {}, when(o.createdAt)),
            h('td', {}, orderLink(o.id)),
            h('td', {}, o.merchantReference),
            h('td', { class: 'num' }, h('span', { title: `${o.amount} sen` }, rupiah(o.amount))),
            h('td', {}, statusBadge(o.status)),
            h('td', {}, o.flags.length ? o.flags.join(', ') : '—'),
          ),
        ),
      ),
    ),
  );
}

const dateToIso = (d: string, endOfDay = false) =>
  d ? new Date(`${d}T00:00:00`).getTime() + (endOfDay ? 86_400_000 : 0) : null;

export async function renderOrders(
  main: HTMLElement,
  params: URLSearchParams,
  q?: string,
): Promise<void> {
  if (q !== undefined) {
    document.title = `Search “${q}” · QRIS admin`;
    const found = (await api<OrderList>('GET', `/admin/v1/search?q=${encodeURIComponent(q)}`)).body;
    if (found.data.length === 1) {
      location.replace(`#/orders/${encodeURIComponent(found.data[0].id)}`);
      return;
    }
    mount(main, h('h1', {}, `Search: ${q}`), ordersTable(found.data, `Orders known by “${q}”`));
    return;
  }
  document.title = 'Orders · QRIS admin';
  const v = (k: string) => params.get(k) ?? '';
  const status = select(
    'status',
    [
      ['', 'Any status'],
      ['flagged', 'Flagged (any flag)'],
      ...ORDER_STATUSES.map((s): [string, string] => [s, s]),
    ],
    v('status'),
  );
  const flag = select(
    'flag',
    [['', 'Any flag'], ...ORDER_FLAGS.map((s): [string, string] => [s, s])],
    v('flag'),
  );
  const from = h('input', { type: 'date', name: 'from', value: v('from') });
  const to = h('input', { type: 'date', name: 'to', value: v('to') });
  const merchant = h('input', {
    type: 'text',
    name: 'merchantReference',
    value: v('merchantReference'),
  });
  const doku = h('input', { type: 'text', name: 'referenceNo', value: v('referenceNo') });
  const min = h('input', { type: 'text', inputmode: 'decimal', name: 'min', value: v('min') });
  const max = h('input', { type: 'text', inputmode: 'decimal', name: 'max', value: v('max') });
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter orders' },
    field('Status', status),
    field('Flag', flag),
    field('Created from', from),
    field('Created until', to, 'inclusive'),
    field('Merchant reference', merchant),
    field('DOKU reference', doku),
    field('Amount from (Rp)', min),
    field('Amount to (Rp)', max),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Apply filters'),
      h('a', { href: '#/orders' }, 'Clear'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const el of [status, flag, from, to, merchant, doku, min, max])
      if (el.value.trim()) next.set(el.name, el.value.trim());
    location.hash = `#/orders?${next}`;
  });

  const query = new URLSearchParams({ limit: '25' });
  for (const k of ['status', 'flag', 'merchantReference', 'referenceNo', 'cursor'])
    if (v(k)) query.set(k, v(k));
  const fromMs = dateToIso(v('from'));
  const toMs = dateToIso(v('to'), true);
  if (fromMs !== null) query.set('createdFrom', new Date(fromMs).toISOString());
  if (toMs !== null) query.set('createdTo', new Date(toMs).toISOString());
  const problems: string[] = [];
  for (const [k, api_] of [
    ['min', 'amountMin'],
    ['max', 'amountMax'],
  ] as const) {
    if (!v(k)) continue;
    const minor = parseRupiah(v(k));
    if (minor === null)
      problems.push(`${k === 'min' ? 'Amount from' : 'Amount to'} is not an amount in rupiah.`);
    else query.set(api_, String(minor));
  }
  if (problems.length) {
    mount(main, h('h1', {}, 'Orders'), form, notice('error', problems.join(' ')));
    return;
  }
  const list = (await api<OrderList>('GET', `/admin/v1/orders?${query}`)).body;
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  if (v('cursor')) {
    const first = new URLSearchParams(params);
    first.delete('cursor');
    pager.append(h('a', { href: `#/orders?${first}` }, 'First page'));
  }
  if (list.nextCursor) {
    const next = new URLSearchParams(params);
    next.set('cursor', list.nextCursor);
    pager.append(h('a', { href: `#/orders?${next}`, rel: 'next' }, 'Next page'));
  }
  const total = list.data.reduce((sum, o) => sum + o.amount, 0);
  mount(
    main,
    h('h1', {}, 'Orders'),
    form,
    ordersTable(
      list.data,
      `Newest first; ${list.data.length} on this page, ${money(total)} in all`,
    ),
    pager,
  );
}
