// DokuSnapClient: DOKU's SNAP QRIS API as typed calls that return outcomes. Usable without
// Nest. Never throws for gateway behaviour (declines, 5xx, timeouts, garbage): only for
// programmer errors (a bad option, a negative amount).
import { createPrivateKey } from 'node:crypto';
import type { CallOptions, DokuSnapClientOptions } from './client-options.js';
import { ExternalIdGenerator, isValidExternalId, type ExternalIdSource } from './external-id.js';
import { NodeHttpTransport } from './http/node-http-transport.js';
import type { HttpResult, HttpTransport } from './http/transport.js';
import type { JsonObject, ParseResult } from './mappers/fields.js';
import {
  toB2b2cTokenRequest,
  toB2bTokenRequest,
  toCancelRequest,
  toDecodeRequest,
  toGenerateRequest,
  toPaymentRequest,
  toQueryRequest,
  toRefundRequest,
} from './mappers/requests.js';
import {
  parseB2bTokenResponse,
  parseCancelResponse,
  parseCustomerTokenResponse,
  parseDecodeResponse,
  parseGenerateResponse,
  parsePaymentResponse,
  parseQueryResponse,
  parseRefundResponse,
} from './mappers/responses.js';
import type {
  B2bAccessToken,
  CancelledQr,
  CancelQrInput,
  CustomerToken,
  CustomerTokenGrant,
  DecodedQr,
  DecodeQrInput,
  GeneratedQr,
  GenerateQrInput,
  PaymentQrInput,
  QrPayment,
  QrRefund,
  QrStatus,
  QueryQrInput,
  RefundQrInput,
} from './model.js';
import {
  summarizeOutcome,
  type SnapObservedOutcome,
  type SnapOutcome,
  type SnapOutcomeSummary,
} from './outcome.js';
import { toOutcome } from './outcome-mapper.js';
import { SNAP_PATHS, type SnapOperation } from './paths.js';
import {
  cryptoRandom,
  systemClock,
  type Clock,
  type RandomSource,
  type SnapLogger,
} from './ports.js';
import { resolveRetryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { runWithRetries, tokenFailure, type RetryContext } from './call-runner.js';
import { signSymmetric, signTokenRequest } from './signature.js';
import { formatSnapTimestamp } from './timestamp.js';
import { B2bTokenManager } from './token/token-manager.js';
import { InMemoryTokenStore } from './token/token-store.js';

type QrOperation = Extract<
  SnapOperation,
  'generate' | 'query' | 'refund' | 'decode' | 'cancel' | 'payment'
>;

interface QrCall<T> {
  operation: QrOperation;
  body: object;
  parse: (body: JsonObject) => ParseResult<T>;
  customerToken?: string;
  options?: CallOptions;
}

function required(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`DokuSnapClient: ${name} is required`);
  }
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number`);
  return v;
}

/** Typed client for DOKU's SNAP QRIS API (generate, query, refund, decode, cancel, payment). */
export class DokuSnapClient {
  // Secrets live in ES private fields: util.inspect, console.log and JSON.stringify of the
  // client never show them.
  readonly #clientSecret: string;
  readonly #privateKeyPem: string;
  readonly #tokens: B2bTokenManager;

  private readonly baseUrl: string;
  private readonly clientId: string;
  private readonly merchantId: string;
  private readonly channelId: string;
  private readonly timeoutMs: number;
  private readonly tokenTimeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly transport: HttpTransport;
  private readonly ownsTransport: boolean;
  private readonly externalIds: ExternalIdSource;
  private readonly logger: SnapLogger;
  private readonly onOutcome: ((summary: SnapObservedOutcome) => void) | undefined;

  constructor(options: DokuSnapClientOptions) {
    const base = required('baseUrl', options.baseUrl);
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new TypeError('DokuSnapClient: baseUrl is not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError('DokuSnapClient: baseUrl must be http(s)');
    }
    this.baseUrl = base.replace(/\/+$/, '');
    this.clientId = required('clientId', options.clientId);
    this.#clientSecret = required('clientSecret', options.clientSecret);
    this.#privateKeyPem = required('privateKeyPem', options.privateKeyPem);
    try {
      createPrivateKey(this.#privateKeyPem);
    } catch {
      // Deliberately without the cause: its message could quote the key material.
      throw new TypeError('DokuSnapClient: privateKeyPem is not a readable private key');
    }
    this.merchantId = required('merchantId', options.merchantId);
    this.channelId = options.channelId ?? 'H2H';
    this.timeoutMs = positive('timeoutMs', options.timeoutMs, 10_000);
    this.tokenTimeoutMs = positive('tokenTimeoutMs', options.tokenTimeoutMs, this.timeoutMs);
    this.retryPolicy = resolveRetryPolicy(DEFAULT_RETRY_POLICY, options.retry);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? cryptoRandom;
    this.ownsTransport = options.transport === undefined;
    this.transport = options.transport ?? new NodeHttpTransport();
    this.externalIds = options.externalIds ?? new ExternalIdGenerator(this.clock, this.random);
    this.logger = options.logger ?? {};
    this.onOutcome = options.onOutcome;
    this.#tokens = new B2bTokenManager({
      key: options.tokenStoreKey ?? `doku-snap:b2b:${this.baseUrl}:${this.clientId}`,
      store: options.tokenStore ?? new InMemoryTokenStore(),
      clock: this.clock,
      fetchToken: () => this.fetchB2bToken(),
      refreshAheadMs: options.tokenRefreshAheadMs,
      logger: this.logger,
    });
  }

  /** Token requests this client has sent to DOKU (for metrics and tests). */
  get tokenRequestCount(): number {
    return this.#tokens.fetchCount;
  }

  /**
   * Asks DOKU for a new B2B token now, whatever is cached, and keeps it when issued: DOKU's
   * own verdict on `clientId` and `privateKeyPem` (e.g. at start). Never rejects; the
   * failure is a summary (no token, no secret).
   */
  async checkCredentials(): Promise<{ ok: true } | { ok: false; failure: SnapOutcomeSummary }> {
    const got = await this.#tokens.refresh();
    return got.ok ? { ok: true } : { ok: false, failure: summarizeOutcome(got.failure) };
  }

  /** `qr-mpm-generate`: a dynamic QRIS for an order. */
  async generateQr(
    input: GenerateQrInput,
    options?: CallOptions,
  ): Promise<SnapOutcome<GeneratedQr>> {
    return this.qrCall({
      operation: 'generate',
      body: toGenerateRequest(input, this.merchantId),
      parse: (b) => parseGenerateResponse(b, { partnerReferenceNo: input.partnerReferenceNo }),
      options,
    });
  }

  /** `qr-mpm-query`: the QR's latest transaction status. */
  async queryQr(input: QueryQrInput, options?: CallOptions): Promise<SnapOutcome<QrStatus>> {
    return this.qrCall({
      operation: 'query',
      body: toQueryRequest(input, this.merchantId),
      parse: (b) =>
        parseQueryResponse(b, {
          originalPartnerReferenceNo: input.originalPartnerReferenceNo,
          originalReferenceNo: input.originalReferenceNo,
        }),
      options,
    });
  }

  /** `qr-mpm-refund`: moves money back. An `unknown` outcome is resolved by repeating the
   * same `partnerRefundNo` (and externalId), never by assuming failure. */
  async refundQr(input: RefundQrInput, options?: CallOptions): Promise<SnapOutcome<QrRefund>> {
    return this.qrCall({
      operation: 'refund',
      body: toRefundRequest(input, this.merchantId),
      parse: (b) => parseRefundResponse(b, { partnerRefundNo: input.partnerRefundNo }),
      options,
    });
  }

  /** `qr-mpm-decode`: reads any QRIS (ours or another PJSP's). */
  async decodeQr(input: DecodeQrInput, options?: CallOptions): Promise<SnapOutcome<DecodedQr>> {
    return this.qrCall({
      operation: 'decode',
      body: toDecodeRequest(input),
      parse: (b) => parseDecodeResponse(b),
      options,
    });
  }

  /** `qr-mpm-cancel`: an unpaid QR stops being payable. */
  async cancelQr(input: CancelQrInput, options?: CallOptions): Promise<SnapOutcome<CancelledQr>> {
    return this.qrCall({
      operation: 'cancel',
      body: toCancelRequest(input, this.merchantId),
      parse: (b) =>
        parseCancelResponse(b, { originalPartnerReferenceNo: input.originalPartnerReferenceNo }),
      options,
    });
  }

  /** `qr-mpm-payment` (B2B2C): pays a QR with a customer token. */
  async paymentQr(input: PaymentQrInput, options?: CallOptions): Promise<SnapOutcome<QrPayment>> {
    const customerToken = required('customerToken', input.customerToken);
    return this.qrCall({
      operation: 'payment',
      body: toPaymentRequest(input),
      parse: (b) => parsePaymentResponse(b, { partnerReferenceNo: input.partnerReferenceNo }),
      customerToken,
      options,
    });
  }

  /** B2B2C access token for a customer (authorization code or refresh token grant). */
  async getCustomerToken(
    grant: CustomerTokenGrant,
    options?: Omit<CallOptions, 'externalId'>,
  ): Promise<SnapOutcome<CustomerToken>> {
    const body = JSON.stringify(toB2b2cTokenRequest(grant));
    const policy = resolveRetryPolicy(this.retryPolicy, options?.retry);
    const timeoutMs = positive('timeoutMs', options?.timeoutMs, this.tokenTimeoutMs);
    const startedAt = this.clock.now();
    const outcome = await runWithRetries(
      this.retryContext('tokenB2b2c', policy, null),
      async (attempts) =>
        this.tokenExchange('tokenB2b2c', body, timeoutMs, attempts, (b) =>
          parseCustomerTokenResponse(b, this.clock.now()),
        ),
    );
    this.observe(outcome, startedAt);
    return outcome;
  }

  /** Releases pooled keep-alive connections (when the client created its transport). */
  close(): void {
    if (this.ownsTransport) this.transport.close?.();
  }

  // --- internals -------------------------------------------------------------------

  private retryContext(
    operation: SnapOperation,
    policy: RetryPolicy,
    externalId: string | null,
  ): RetryContext {
    return {
      operation,
      policy,
      externalId,
      clock: this.clock,
      random: this.random,
      logger: this.logger,
    };
  }

  private observe(outcome: SnapOutcome<unknown>, startedAt: number): void {
    if (!this.onOutcome) return;
    try {
      const durationMs = Math.max(0, this.clock.now() - startedAt);
      this.onOutcome({ ...summarizeOutcome(outcome), durationMs });
    } catch {
      // An observer's bug must not change the outcome of a call that moved money.
    }
  }

  private async fetchB2bToken(): Promise<SnapOutcome<B2bAccessToken>> {
    // The body is fixed; each attempt gets a fresh timestamp and signature.
    const body = JSON.stringify(toB2bTokenRequest());
    const startedAt = this.clock.now();
    const outcome = await this.tokenExchange(
      'tokenB2b',
      body,
      this.tokenTimeoutMs,
      1,
      parseB2bTokenResponse,
    );
    this.observe(outcome, startedAt);
    return outcome;
  }

  private async tokenExchange<T>(
    operation: 'tokenB2b' | 'tokenB2b2c',
    body: string,
    timeoutMs: number,
    attempts: number,
    parse: (b: JsonObject) => ParseResult<T>,
  ): Promise<SnapOutcome<T>> {
    const timestamp = formatSnapTimestamp(new Date(this.clock.now()));
    const headers = {
      'Content-Type': 'application/json',
      'X-CLIENT-KEY': this.clientId,
      'X-TIMESTAMP': timestamp,
      'X-SIGNATURE': signTokenRequest(this.#privateKeyPem, this.clientId, timestamp),
    };
    const began = this.clock.now();
    const result = await this.send(SNAP_PATHS[operation], headers, body, timeoutMs);
    const outcome = toOutcome(
      { operation, externalId: null, attempts, nowMs: this.clock.now() },
      result,
      parse,
    );
    // The same line as a QR call's attempt (call-runner.ts): token requests are calls too.
    this.logger.debug?.('doku-snap call', {
      operation,
      externalId: null,
      attempt: attempts,
      outcome: outcome.kind,
      reason: outcome.kind === 'success' ? null : outcome.reason,
      httpStatus: outcome.httpStatus,
      responseCode: outcome.responseCode,
      durationMs: this.clock.now() - began,
    });
    return outcome;
  }

  private async qrCall<T>(call: QrCall<T>): Promise<SnapOutcome<T>> {
    const startedAt = this.clock.now();
    const outcome = await this.runQrCall(call);
    this.observe(outcome, startedAt);
    return outcome;
  }

  private async runQrCall<T>(call: QrCall<T>): Promise<SnapOutcome<T>> {
    const policy = resolveRetryPolicy(this.retryPolicy, call.options?.retry);
    const timeoutMs = positive('timeoutMs', call.options?.timeoutMs, this.timeoutMs);
    const externalId = call.options?.externalId ?? this.externalIds.next();
    if (!isValidExternalId(externalId)) {
      throw new TypeError('externalId must be 1 to 36 decimal digits');
    }
    // Serialised once: these exact bytes are hashed, signed and sent on every attempt.
    const body = JSON.stringify(call.body);
    const path = SNAP_PATHS[call.operation];
    let requests = 0;
    let refreshedAfter401 = false;
    // Every attempt of this call, retries and the 401 refresh included, reuses externalId.
    return runWithRetries(this.retryContext(call.operation, policy, externalId), async () => {
      for (;;) {
        const got = await this.#tokens.getToken();
        if (!got.ok) return tokenFailure<T>(got.failure, call.operation, externalId, requests);
        const accessToken = got.token.accessToken;
        requests += 1;
        const outcome = await this.sendQr(
          call,
          path,
          body,
          accessToken,
          externalId,
          timeoutMs,
          requests,
        );
        const tokenRejected =
          outcome.kind === 'auth_failed' &&
          (outcome.reason === 'invalid_token' || outcome.reason === 'token_not_found');
        if (!tokenRejected || refreshedAfter401) return outcome;
        // One refresh-and-retry: DOKU expired or revoked the token before we expected.
        refreshedAfter401 = true;
        this.logger.info?.('doku-snap token rejected; refreshing once', {
          operation: call.operation,
          externalId,
          responseCode: outcome.responseCode,
        });
        await this.#tokens.invalidate(accessToken);
      }
    });
  }

  private async sendQr<T>(
    call: QrCall<T>,
    path: string,
    body: string,
    accessToken: string,
    externalId: string,
    timeoutMs: number,
    attempts: number,
  ): Promise<SnapOutcome<T>> {
    const timestamp = formatSnapTimestamp(new Date(this.clock.now()));
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${accessToken}`,
      'X-TIMESTAMP': timestamp,
      'X-SIGNATURE': signSymmetric({
        method: 'POST',
        path,
        accessToken,
        body,
        timestamp,
        clientSecret: this.#clientSecret,
      }),
      'X-PARTNER-ID': this.clientId,
      'X-EXTERNAL-ID': externalId,
      'CHANNEL-ID': this.channelId,
    };
    if (call.customerToken !== undefined) {
      headers['Authorization-Customer'] = `Bearer ${call.customerToken}`;
    }
    const result = await this.send(path, headers, body, timeoutMs);
    return toOutcome(
      { operation: call.operation, externalId, attempts, nowMs: this.clock.now() },
      result,
      call.parse,
    );
  }

  private async send(
    path: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<HttpResult> {
    try {
      return await this.transport.send({
        method: 'POST',
        url: `${this.baseUrl}${path}`,
        headers,
        body,
        timeoutMs,
      });
    } catch (err) {
      // A transport must not throw; if a custom one does, we cannot know what was sent.
      const code = (err as { code?: unknown })?.code;
      return {
        kind: 'failure',
        reason: 'error',
        sent: true,
        code: typeof code === 'string' ? code : null,
      };
    }
  }
}
