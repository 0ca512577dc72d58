import { Injectable } from '@nestjs/common';

/** What one POST to the shop came to. `statusCode` is unset when no response arrived. */
export interface AttemptResult {
  ok: boolean;
  statusCode?: number;
  /** Short, truncated reason for a failure (never the whole response body). */
  error?: string;
  durationMs: number;
}

const ERROR_SNIPPET_BYTES = 200;
const USER_AGENT = 'qris-payment-service-webhooks/1';

/**
 * The HTTP side of a delivery, behind a provider so the dispatcher's rules can be tested
 * without a network. A 2xx is success; anything else, a redirect, a timeout or a
 * connection error is a failed attempt. Only a short snippet of an error body is kept.
 */
@Injectable()
export class WebhookTransport {
  async post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    const started = performance.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
        body,
        // A redirect is the shop's misconfiguration, not a delivery: following it would
        // re-POST a signed body to wherever the Location header points.
        redirect: 'manual',
        signal: abort.signal,
      });
      if (res.status >= 200 && res.status < 300) {
        await res.body?.cancel().catch(() => undefined);
        return { ok: true, statusCode: res.status, durationMs: elapsed() };
      }
      const snippet = await readSnippet(res).catch(() => '');
      return {
        ok: false,
        statusCode: res.status,
        error: `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`,
        durationMs: elapsed(),
      };
    } catch (err) {
      const error = abort.signal.aborted
        ? `timeout after ${timeoutMs} ms`
        : `network error: ${describe(err)}`;
      return { ok: false, error: truncate(error), durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Reads at most a few hundred bytes of the body, then drops the rest of the stream. */
async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).subarray(0, ERROR_SNIPPET_BYTES).toString('utf8');
  return truncate(text.replace(/\s+/g, ' ').trim());
}

function describe(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

function truncate(text: string, max = ERROR_SNIPPET_BYTES): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
