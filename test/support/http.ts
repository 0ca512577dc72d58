// A small HTTP helper for e2e specs: JSON in, status + headers + parsed body out.
export interface HttpResult {
  status: number;
  headers: Headers;
  // Test code reads arbitrary fields of the answer.
  body: any;
  text: string;
}

export async function http(
  method: string,
  url: string,
  opts: {
    body?: unknown;
    raw?: string | Buffer;
    headers?: Record<string, string>;
    key?: string;
  } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | Buffer | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
