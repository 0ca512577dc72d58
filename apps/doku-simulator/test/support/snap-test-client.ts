// A deliberately small SNAP caller for the simulator's e2e tests: it signs with the shared
// #doku-snap functions and exposes every header, so tests can break each one on purpose.
import { formatSnapTimestamp, SNAP_PATHS, signSymmetric, signTokenRequest } from '#doku-snap';

export interface CallResult {
  status: number;
  body: any;
  text: string;
}

export interface Merchant {
  clientId: string;
  clientSecret: string;
  privateKeyPem: string;
}

let counter = 0;
/** Numeric, at most 36 characters, unique in this process. */
export function newExternalId(): string {
  counter++;
  return `${Date.now()}${String(process.pid).padStart(7, '0')}${String(counter).padStart(8, '0')}`;
}

export class SnapTestClient {
  token?: string;

  constructor(
    readonly baseUrl: string,
    readonly merchant: Merchant,
  ) {}

  async post(path: string, headers: Record<string, string>, body: string): Promise<CallResult> {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  }

  tokenHeaders(
    overrides: Record<string, string | undefined> = {},
    privateKeyPem = this.merchant.privateKeyPem,
  ): Record<string, string> {
    const timestamp = overrides['x-timestamp'] ?? formatSnapTimestamp(new Date());
    const clientKey = overrides['x-client-key'] ?? this.merchant.clientId;
    const headers: Record<string, string | undefined> = {
      'x-client-key': clientKey,
      'x-timestamp': timestamp,
      'x-signature': signTokenRequest(privateKeyPem, clientKey, timestamp),
      ...overrides,
    };
    return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
  }

  async fetchToken(): Promise<string> {
    const r = await this.post(
      SNAP_PATHS.tokenB2b,
      this.tokenHeaders(),
      JSON.stringify({ grantType: 'client_credentials' }),
    );
    if (r.status !== 200) throw new Error(`token: ${r.status} ${r.text}`);
    this.token = r.body.accessToken as string;
    return this.token;
  }

  async customerToken(authCode: string): Promise<CallResult> {
    return this.post(
      SNAP_PATHS.tokenB2b2c,
      this.tokenHeaders(),
      JSON.stringify({ grantType: 'authorization_code', authCode }),
    );
  }

  /** Signed transaction-call headers; `overrides` replace (or with undefined, remove) any of them. */
  signedHeaders(
    path: string,
    body: string,
    overrides: Record<string, string | undefined> = {},
  ): Record<string, string> {
    const accessToken = this.token ?? '';
    const timestamp = overrides['x-timestamp'] ?? formatSnapTimestamp(new Date());
    const headers: Record<string, string | undefined> = {
      'x-partner-id': this.merchant.clientId,
      'x-external-id': newExternalId(),
      'x-timestamp': timestamp,
      'x-signature': signSymmetric({
        method: 'POST',
        path,
        accessToken,
        body,
        timestamp,
        clientSecret: this.merchant.clientSecret,
      }),
      authorization: `Bearer ${accessToken}`,
      'channel-id': 'H2H',
      ...overrides,
    };
    return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
  }

  async call(
    path: string,
    body: object | string,
    overrides: Record<string, string | undefined> = {},
  ): Promise<CallResult> {
    if (!this.token) await this.fetchToken();
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return this.post(path, this.signedHeaders(path, text, overrides), text);
  }
}
