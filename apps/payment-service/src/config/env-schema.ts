// The one place that knows the environment variables: their parsers, defaults and docs.
// `loadConfig` reads them once, at boot; nothing else reads process.env. The README's
// configuration table lists exactly these (a test checks that).

export type EnvReader = (name: string) => string | undefined;

export interface VarSpec<T> {
  doc: string;
  /** Human-readable description of what is expected, used in error messages. */
  expected: string;
  secret?: boolean;
  /** Secrets may also come from a file named by `<NAME>_FILE`. */
  fileVariant?: boolean;
  parse(raw: string): T | undefined;
  default?: T;
}

export const str = (
  doc: string,
  opts: {
    default?: string;
    secret?: boolean;
    file?: boolean;
    pattern?: RegExp;
    expected?: string;
  } = {},
): VarSpec<string> => ({
  doc,
  expected: opts.expected ?? 'a non-empty string',
  secret: opts.secret,
  fileVariant: opts.file,
  default: opts.default,
  parse: (raw) => {
    const v = opts.file ? raw.trim() : raw;
    if (v.length === 0) return undefined;
    return !opts.pattern || opts.pattern.test(v) ? v : undefined;
  },
});

export const int = (
  doc: string,
  opts: { default?: number; min?: number; max?: number },
): VarSpec<number> => ({
  doc,
  expected: `an integer${opts.min !== undefined ? ` >= ${opts.min}` : ''}${opts.max !== undefined ? ` and <= ${opts.max}` : ''}`,
  default: opts.default,
  parse: (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) return undefined;
    const n = Number(raw.trim());
    if (!Number.isSafeInteger(n)) return undefined;
    if (opts.min !== undefined && n < opts.min) return undefined;
    if (opts.max !== undefined && n > opts.max) return undefined;
    return n;
  },
});

export const bool = (doc: string, def: boolean): VarSpec<boolean> => ({
  doc,
  expected: 'true or false',
  default: def,
  parse: (raw) => {
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    return undefined;
  },
});

export const oneOf = <T extends string>(doc: string, values: readonly T[], def: T): VarSpec<T> => ({
  doc,
  expected: `one of ${values.join(', ')}`,
  default: def,
  parse: (raw) =>
    (values as readonly string[]).includes(raw.trim()) ? (raw.trim() as T) : undefined,
});

export const url = (
  doc: string,
  opts: { default?: string; protocols?: string[] } = {},
): VarSpec<string> => {
  const protocols = opts.protocols ?? ['http:', 'https:'];
  return {
    doc,
    expected: `a URL (${protocols.map((p) => p.replace(':', '')).join(' or ')})`,
    default: opts.default,
    parse: (raw) => {
      try {
        const u = new URL(raw.trim());
        return protocols.includes(u.protocol) ? raw.trim().replace(/\/+$/, '') : undefined;
      } catch {
        return undefined;
      }
    },
  };
};

/** Comma-separated list of API keys, each `id:key` or a bare key (its id is derived). */
export const apiKeys = (doc: string): VarSpec<string[]> => ({
  doc,
  expected: 'a comma-separated list of keys (`id:key` or `key`), each key at least 24 characters',
  secret: true,
  fileVariant: true,
  parse: (raw) => {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) return undefined;
    for (const item of items) {
      const key = item.includes(':') ? item.slice(item.indexOf(':') + 1) : item;
      if (key.length < 24) return undefined;
    }
    return items;
  },
});

/** One or more PEM blocks (key rotation: several public keys may be concatenated). */
export const pem = (
  doc: string,
  kind: 'private' | 'public',
  multiple = false,
): VarSpec<string[]> => ({
  doc,
  expected: `a PEM-encoded ${kind} key${multiple ? ' (several may be concatenated)' : ''}, or a file path in ${'<NAME>'}_FILE`,
  secret: kind === 'private',
  fileVariant: true,
  parse: (raw) => {
    const text = raw.replace(/\\n/g, '\n').trim();
    const blocks = text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
    if (blocks.length === 0 || (!multiple && blocks.length > 1)) return undefined;
    const wanted = kind === 'private' ? /PRIVATE KEY/ : /PUBLIC KEY|CERTIFICATE/;
    return blocks.every((b) => wanted.test(b.split('\n')[0])) ? blocks : undefined;
  },
});
