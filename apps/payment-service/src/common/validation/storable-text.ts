import type { FieldProblem } from '../validation.js';

/**
 * Text PostgreSQL cannot store. `text` and `jsonb` refuse the NUL character (U+0000) outright
 * (22021 / 22P05), which used to surface as a 500 after earlier side effects; a lone UTF-16
 * surrogate is not Unicode at all: `text` would silently get U+FFFD in its place and `jsonb`
 * refuses its `\uD800` escape. Both are refused up front, naming the field.
 */
const NUL = '\u0000';
const LONE_SURROGATE = /\p{Cs}/u; // with the u flag only unpaired surrogates match

/** At most this many fields are listed, so a hostile body cannot make a huge answer. */
export const MAX_LISTED_PROBLEMS = 10;

function textProblem(s: string): string | null {
  if (s.includes(NUL))
    return 'contains the NUL character (U+0000), which cannot be stored; remove it';
  if (LONE_SURROGATE.test(s))
    return 'contains a lone UTF-16 surrogate (half of a \\uD800-\\uDFFF pair), which is not valid Unicode and cannot be stored; send well-formed text';
  return null;
}

/** A key as it can be shown in a field path: control characters and lone surrogates escaped. */
function printable(key: string): string {
  return key.replace(
    /\p{Cc}|\p{Cs}/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${printable(key)}` : printable(key);
}

/**
 * Every string (value or object key) in `value` that PostgreSQL cannot store, as field
 * problems named by their path under `root` (`''` for a body or query, whose properties are
 * the fields). Iterative, so a deep value cannot overflow the stack; at most
 * MAX_LISTED_PROBLEMS are returned.
 */
export function unstorableText(value: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0 && problems.length < MAX_LISTED_PROBLEMS) {
    const { value: v, path } = stack.pop()!;
    const field = path || 'body';
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) problems.push({ field, problems: [`${field} ${problem}`] });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? v.map((child, i) => [i, child])
      : Object.entries(v);
    // Reversed onto the stack, so problems come out in the order of the body.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      stack.push({ value: child, path: join(path, key) });
    }
    for (const [key] of entries) {
      if (typeof key !== 'string') continue;
      const problem = textProblem(key);
      if (problem) problems.push({ field, problems: [`${field} has a key that ${problem}`] });
    }
  }
  return problems.slice(0, MAX_LISTED_PROBLEMS);
}
