// The admin console: sign-in, then the orders list and the order page (hash routes, so the
// service serves one page). The admin key lives only in the sign-in form until it is sent.
import { api, ApiFailure, setCsrfToken } from '../shared/api.js';
import { field, h, mount } from '../shared/dom.js';
import { renderFinance } from './finance.js';
import { renderOrderPage } from './order-page.js';
import { renderOrders } from './orders.js';
import { renderQueues } from './queues.js';
import type { Session } from './types.js';
import { currentSession, errorText, getSession, notice, setSession } from './ui.js';

const root = document.getElementById('app')!;

async function start(): Promise<void> {
  try {
    const s = (await api<Session>('GET', '/admin/v1/session')).body;
    setSession(s);
    setCsrfToken(s.csrfToken);
    await route();
  } catch (err) {
    if (err instanceof ApiFailure && err.error.status === 401) return showSignIn();
    mount(root, notice('error', errorText(err)));
  }
}

function showSignIn(message?: string): void {
  document.title = 'Sign in · QRIS admin';
  const key = h('input', {
    type: 'password',
    name: 'key',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
  });
  const status = h('div', { 'aria-live': 'polite' }, message ? notice('info', message) : null);
  const form = h(
    'form',
    { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'QRIS payments admin'),
    h(
      'p',
      {},
      'Sign in with your admin API key. It is exchanged for a session and not kept by this page.',
    ),
    field('Admin key', key),
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = key.value;
    key.value = '';
    api<Session>('POST', '/admin/v1/session', { key: value })
      .then(async (res) => {
        setSession(res.body);
        setCsrfToken(res.body.csrfToken);
        await route();
      })
      .catch((err) => mount(status, notice('error', errorText(err))));
  });
  mount(root, h('main', { id: 'main' }, form));
  key.focus();
}

async function signOut(): Promise<void> {
  try {
    await api('DELETE', '/admin/v1/session');
  } finally {
    setSession(null);
    setCsrfToken(null);
    history.replaceState(null, '', '#/orders');
    showSignIn('You are signed out.');
  }
}

function shell(current: string): HTMLElement {
  const s = currentSession();
  const link = (href: string, text: string) =>
    h('a', { href, 'aria-current': current === href ? 'page' : null }, text);
  const main = h('main', { id: 'main', tabindex: '-1' });
  const q = h('input', { type: 'search', name: 'q', placeholder: 'ord_…, INV-…, DOKU ref, rfd_…' });
  const search = h(
    'form',
    { role: 'search', class: 'search' },
    field('Search by any id', q),
    h('button', { type: 'submit' }, 'Find'),
  );
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    if (q.value.trim()) location.hash = `#/search?q=${encodeURIComponent(q.value.trim())}`;
  });
  const header = h(
    'header',
    { class: 'top' },
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h('strong', { class: 'brand' }, 'QRIS admin'),
    h(
      'nav',
      { 'aria-label': 'Sections' },
      link('#/orders', 'Orders'),
      link('#/queues', 'Queues'),
      link('#/finance', 'Finance'),
    ),
    search,
    h(
      'div',
      { class: 'who' },
      h(
        'span',
        {},
        'Signed in as ',
        h('strong', {}, s.keyId),
        ' ',
        h('span', { class: `role ${s.role}` }, s.role),
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => void signOut() },
        'Sign out',
      ),
    ),
  );
  mount(root, header, main);
  return main;
}

async function route(): Promise<void> {
  if (!getSession()) return showSignIn();
  const hash = location.hash || '#/orders';
  const [path, query = ''] = hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  try {
    if (path.startsWith('/orders/')) {
      const main = shell('#/orders');
      await renderOrderPage(main, decodeURIComponent(path.slice('/orders/'.length)));
    } else if (path === '/queues') {
      await renderQueues(shell('#/queues'));
    } else if (path === '/finance') {
      await renderFinance(shell('#/finance'), params);
    } else if (path === '/search') {
      const main = shell('#/orders');
      await renderOrders(main, params, params.get('q') ?? '');
    } else {
      const main = shell('#/orders');
      await renderOrders(main, params);
    }
  } catch (err) {
    if (err instanceof ApiFailure && err.error.status === 401) {
      setSession(null);
      return showSignIn('Your session ended. Sign in again.');
    }
    const main = document.getElementById('main') ?? root;
    mount(main, notice('error', errorText(err)));
  }
}

window.addEventListener('hashchange', () => void route());
void start();
