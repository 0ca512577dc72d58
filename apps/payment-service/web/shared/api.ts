// Calls the service's own API from the page. The session cookie goes along by itself
// (same origin); state-changing calls add the session's CSRF token, kept in memory only.

export interface ApiError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) h['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (res.status >= 400) {
    const e = (parsed ?? {}) as Partial<ApiError>;
    throw new ApiFailure({
      status: res.status,
      code: e.code ?? `HTTP_${res.status}`,
      message: e.message ?? res.statusText,
      details: e.details,
    });
  }
  return { status: res.status, body: parsed as T };
}

/** A new Idempotency-Key for one click (a retry of the same click reuses it). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
