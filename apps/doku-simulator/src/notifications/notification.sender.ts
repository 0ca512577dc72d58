import { Inject, Injectable } from '@nestjs/common';
import { formatSnapTimestamp, signAsymmetric, signSymmetric } from '#doku-snap';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { MerchantTokenClient } from './merchant-token.client.js';

export interface DeliveryRequest {
  url: string;
  clientId: string;
  externalId: string;
  body: string;
  /** Fault injection: sign something else than what is sent. */
  badSignature: boolean;
  signal: AbortSignal;
}

export interface DeliveryResult {
  ok: boolean;
  httpStatus?: number;
  responseCode?: string;
  error?: string;
}

/**
 * POSTs one signed qr-mpm-notify to the merchant. Asymmetric (default): X-SIGNATURE =
 * SHA256withRSA(DOKU private key, "POST:" + path + ":" + sha256hex(body) + ":" + X-TIMESTAMP).
 * Symmetric: fetch a token from the merchant first, then HMAC-SHA512 with the client secret,
 * as DOKU's other SNAP products do.
 */
@Injectable()
export class NotificationSender {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly merchantTokens: MerchantTokenClient,
  ) {}

  async deliver(d: DeliveryRequest): Promise<DeliveryResult> {
    try {
      let result = await this.post(d);
      if (result.httpStatus === 401 && this.options.notificationMode === 'symmetric') {
        // The merchant may have forgotten our token: one fresh token, one more try.
        this.merchantTokens.forget(d.url, d.clientId);
        result = await this.post(d);
      }
      return result;
    } catch (e) {
      return { ok: false, error: describe(e) };
    }
  }

  private async post(d: DeliveryRequest): Promise<DeliveryResult> {
    const url = new URL(d.url);
    const path = url.pathname;
    const timestamp =
      this.options.notificationMode === 'symmetric'
        ? dokuNotificationTimestamp(new Date())
        : formatSnapTimestamp(new Date());
    const signedBody = d.badSignature ? `${d.body} ` : d.body;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-timestamp': timestamp,
      'x-partner-id': this.options.dokuClientId ?? d.clientId,
      'x-external-id': d.externalId,
      'channel-id': 'H2H',
    };
    if (this.options.notificationMode === 'asymmetric') {
      headers['x-signature'] = signAsymmetric({
        method: 'POST',
        path,
        body: signedBody,
        timestamp,
        privateKeyPem: this.options.dokuPrivateKeyPem,
      });
    } else {
      const client = this.options.clients.get(d.clientId);
      if (!client) return { ok: false, error: `no client ${d.clientId}` };
      const accessToken = await this.merchantTokens.token(d.url, d.clientId, d.signal);
      headers.authorization = `Bearer ${accessToken}`;
      headers['x-signature'] = signSymmetric({
        method: 'POST',
        path,
        accessToken,
        body: signedBody,
        timestamp,
        clientSecret: client.clientSecret,
      });
    }
    const res = await fetch(url, { method: 'POST', headers, body: d.body, signal: d.signal });
    const text = await res.text();
    let responseCode: string | undefined;
    try {
      const parsed = JSON.parse(text) as { responseCode?: unknown };
      if (
        parsed &&
        (typeof parsed.responseCode === 'string' || typeof parsed.responseCode === 'number')
      )
        responseCode = String(parsed.responseCode);
    } catch {
      // The merchant's body is informative only; the HTTP status decides.
    }
    return { ok: res.status >= 200 && res.status < 300, httpStatus: res.status, responseCode };
  }
}

/** A short reason (the network error code when there is one); never the request's headers. */
function describe(e: unknown): string {
  // Not `instanceof Error`: fetch's errors may come from another realm (Jest's VM contexts).
  if (e && typeof e === 'object') {
    const err = e as {
      name?: string;
      message?: string;
      cause?: { code?: string; message?: string };
    };
    return err.cause?.code ?? err.cause?.message ?? `${err.name ?? 'Error'}: ${err.message ?? ''}`;
  }
  return String(e);
}

/**
 * DOKU's SNAP notification page (the symmetric scheme) shows X-TIMESTAMP in UTC with whole
 * milliseconds, `2020-12-21T07:56:11.000Z`; the merchant has to accept that form.
 */
export function dokuNotificationTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19)}.000Z`;
}
