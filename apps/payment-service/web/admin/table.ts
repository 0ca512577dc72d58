// A captioned table in a focusable scroll region (a phone scrolls it sideways by keyboard).
import { h, type Child } from '../shared/dom.js';
import { notice } from './ui.js';

export function table(
  caption: string,
  head: string[],
  rows: Child[][],
  empty: string,
): HTMLElement {
  if (rows.length === 0) return notice('info', empty);
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', {}, c))))),
    ),
  );
}
