// Finance: one Jakarta day's figures, and the CSV exports for a range of days (plain links:
// the session cookie goes along, and the browser saves the file the API names).
import { api } from '../shared/api.js';
import { field, h, mount } from '../shared/dom.js';
import { money } from '../shared/format.js';
import { facts } from './ui.js';

interface Summary {
  date: string;
  paidCount: number;
  paidAmount: number;
  refundedCount: number;
  refundedAmount: number;
  netAmount: number;
  flaggedCount: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in Jakarta (UTC+7, no daylight saving), YYYY-MM-DD. */
const jakartaToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

export async function renderFinance(main: HTMLElement, params: URLSearchParams): Promise<void> {
  document.title = 'Finance · QRIS admin';
  const date = DAY.test(params.get('date') ?? '') ? params.get('date')! : jakartaToday();
  const s = (
    await api<Summary>('GET', `/admin/v1/finance/summary?date=${encodeURIComponent(date)}`)
  ).body;

  const day = h('input', { type: 'date', name: 'date', value: date, required: true });
  const pick = h(
    'form',
    { class: 'inline', 'aria-label': 'Choose the day' },
    field('Day (Jakarta time)', day),
    h('button', { type: 'submit' }, 'Show day'),
  );
  pick.addEventListener('submit', (e) => {
    e.preventDefault();
    if (day.value) location.hash = `#/finance?date=${day.value}`;
  });

  const from = h('input', { type: 'date', name: 'from', value: date, required: true });
  const to = h('input', { type: 'date', name: 'to', value: date, required: true });
  const ordersLink = h('a', { download: '' }, 'Download orders CSV');
  const refundsLink = h('a', { download: '' }, 'Download refunds CSV');
  const setLinks = () => {
    const q = new URLSearchParams({ from: from.value, to: to.value || from.value });
    ordersLink.setAttribute('href', `/admin/v1/finance/orders.csv?${q}`);
    refundsLink.setAttribute('href', `/admin/v1/finance/refunds.csv?${q}`);
  };
  from.addEventListener('change', setLinks);
  to.addEventListener('change', setLinks);
  setLinks();

  mount(
    main,
    h('h1', {}, 'Finance'),
    pick,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'summary-title' },
      h('h2', { id: 'summary-title' }, `Summary of ${s.date} (Jakarta time)`),
      facts([
        ['Orders paid', String(s.paidCount)],
        ['Paid', money(s.paidAmount)],
        [
          'Refunded',
          `${money(s.refundedAmount)} in ${s.refundedCount} ${s.refundedCount === 1 ? 'refund' : 'refunds'}`,
        ],
        ['Net', money(s.netAmount)],
        ['Flagged orders', String(s.flaggedCount)],
      ]),
      h(
        'p',
        {},
        'Paid counts orders by the time DOKU reported their payment; refunded, refunds DOKU made that day; flagged, orders created that day that need a person (see Queues).',
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'export-title' },
      h('h2', { id: 'export-title' }, 'Export for the settlement report'),
      h(
        'p',
        {},
        'Orders and refunds created from the first to the last day (Jakarta time, at most 92 days), with DOKU’s references, amounts in sen and in rupiah.',
      ),
      h(
        'div',
        { class: 'inline' },
        field('First day', from),
        field('Last day', to),
        ordersLink,
        refundsLink,
      ),
    ),
  );
}
