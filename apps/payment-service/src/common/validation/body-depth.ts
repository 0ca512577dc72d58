/**
 * How deep a JSON body may nest: objects and arrays inside each other. Every body this API
 * takes is at most 2 levels deep (an order with its `metadata`); 32 leaves room for what a
 * shop might reasonably send while refusing the thousands of levels that would overflow the
 * stack of the recursive code behind validation (class-transformer).
 */
export const MAX_BODY_DEPTH = 32;

/**
 * True when `value` nests objects/arrays more than `limit` levels deep (a scalar is 0
 * levels, `{}` and `[]` are 1). Walks with an explicit stack, so a body of any depth is
 * measured without recursion, and stops at the first container past the limit.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return true;
    const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      if (child !== null && typeof child === 'object')
        stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

/** The message of a refused body, naming the limit. */
export function bodyTooDeepMessage(limit = MAX_BODY_DEPTH): string {
  return `The body nests objects or arrays more than ${limit} levels deep; no request of this API needs more than 2. Send a flatter body.`;
}
