// The simulator's state as JSON: Dates are tagged (`{"$date": "..."}`) so they come back as
// Dates, whatever field they are in. Pure: no files, no Nest.

/** Serialises `state`, keeping Dates recognisable. */
export function encodeState(state: unknown): string {
  return JSON.stringify(state, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    return original instanceof Date ? { $date: original.toISOString() } : value;
  });
}

/** Parses what `encodeState` wrote, turning tagged Dates back into Dates. */
export function decodeState<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).length === 1 &&
      typeof (value as { $date?: unknown }).$date === 'string'
    ) {
      return new Date((value as { $date: string }).$date);
    }
    return value;
  }) as T;
}
