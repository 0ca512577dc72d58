import { Inject, Injectable } from '@nestjs/common';
import { formatSnapTimestamp, SNAP_PATHS, signTokenRequest } from '#doku-snap';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';

/**
 * Symmetric notification mode: the simulator gets a B2B token from the merchant (signing
 * `clientKey|timestamp` with DOKU's private key) and caches it until shortly before expiry.
 */
@Injectable()
export class MerchantTokenClient {
  private readonly cache = new Map<string, { token: string; expiresAtMs: number }>();

  constructor(@Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions) {}

  tokenUrl(notificationUrl: string): string {
    return (
      this.options.notificationTokenUrl ?? new URL(SNAP_PATHS.tokenB2b, notificationUrl).toString()
    );
  }

  forget(notificationUrl: string, clientId: string): void {
    this.cache.delete(`${this.tokenUrl(notificationUrl)}|${clientId}`);
  }

  async token(notificationUrl: string, clientId: string, signal: AbortSignal): Promise<string> {
    const url = this.tokenUrl(notificationUrl);
    const key = `${url}|${clientId}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAtMs > Date.now()) return cached.token;
    const clientKey = this.options.dokuClientId ?? clientId;
    const timestamp = formatSnapTimestamp(new Date());
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-client-key': clientKey,
        'x-timestamp': timestamp,
        'x-signature': signTokenRequest(this.options.dokuPrivateKeyPem, clientKey, timestamp),
      },
      body: JSON.stringify({ grantType: 'client_credentials' }),
      signal,
    });
    const body = (await res.json().catch(() => ({}))) as {
      accessToken?: unknown;
      expiresIn?: unknown;
    };
    if (!res.ok || typeof body.accessToken !== 'string' || body.accessToken === '') {
      throw new Error(`merchant token endpoint answered HTTP ${res.status}`);
    }
    const expiresIn = Number(body.expiresIn);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 900_000;
    this.cache.set(key, {
      token: body.accessToken,
      expiresAtMs: Date.now() + Math.max(0, lifetimeMs - 10_000),
    });
    return body.accessToken;
  }

  reset(): void {
    this.cache.clear();
  }
}
