// Shared by the console's pages: the signed-in session and how messages are shown.
import { ApiFailure } from '../shared/api.js';
import { h } from '../shared/dom.js';
import type { Session } from './types.js';

let session: Session | null = null;
export const getSession = (): Session | null => session;
export const setSession = (s: Session | null): void => {
  session = s;
};
export const currentSession = (): Session => session!;
export const isOperator = (): boolean => session?.role === 'operator';

/** A message for a person, announced by screen readers (role=alert for errors). */
export function notice(kind: 'error' | 'ok' | 'info', text: string): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function errorText(err: unknown): string {
  return err instanceof ApiFailure
    ? `${err.error.message} (${err.error.code})`
    : `Something went wrong: ${String(err)}`;
}

/** A definition list from label/value pairs (values may be elements). */
export function facts(pairs: [string, Node | string | null][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    ...pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]),
  );
}
