import { Injectable, Logger } from '@nestjs/common';
import type { SnapOutcomeSummary } from '#doku-snap';
import { MetricsService } from '../metrics/metrics.service.js';

/**
 * What DOKU last said of this replica's credentials: `ok` (it issued a token, or accepted
 * a call), `auth_failed` (it refused them), `unreachable` (it has not answered since the
 * start), `unknown` (not asked yet).
 */
export const DOKU_CREDENTIALS_STATES = ['unknown', 'ok', 'auth_failed', 'unreachable'] as const;
export type DokuCredentialsState = (typeof DOKU_CREDENTIALS_STATES)[number];

/** Calls signed with the client secret (HMAC): a signature refusal points at it. */
const SIGNED_CALLS = new Set(['generate', 'query', 'refund', 'decode', 'cancel', 'payment']);

// The variables each kind of refusal is about: named in the error line, never their values.
const TOKEN_VARIABLES = ['DOKU_CLIENT_ID', 'DOKU_PRIVATE_KEY', 'DOKU_BASE_URL'];
const SIGNATURE_VARIABLES = ['DOKU_CLIENT_SECRET', 'DOKU_CLIENT_ID'];

/**
 * The credentials status of this replica, kept from the start-up check and from real
 * traffic (every token request and every call outcome of the DOKU client), shown in
 * `/health/ready`'s details and as `doku_credentials_status{state}`. It never decides
 * readiness: a DOKU outage must not take the reads of this replica out of rotation.
 */
@Injectable()
export class DokuCredentialsStatus {
  private readonly logger = new Logger('DokuCredentials');
  private current: DokuCredentialsState = 'unknown';
  /** Why the state is auth_failed: a refused token request, or a refused signed call. */
  private refusedBy: 'token' | 'call' | null = null;

  constructor(private readonly metrics: MetricsService) {
    this.publish();
  }

  get state(): DokuCredentialsState {
    return this.current;
  }

  /** DOKU has given a verdict on the credentials (nothing left for the start-up check). */
  get settled(): boolean {
    return this.current === 'ok' || this.current === 'auth_failed';
  }

  /** Fed by the DOKU client with every token request and every call's final outcome. */
  observe(outcome: SnapOutcomeSummary): void {
    if (outcome.operation === 'tokenB2b') {
      this.metrics.dokuCalls.inc({ operation: 'tokenB2b', outcome: outcome.kind });
      this.observeToken(outcome);
    } else if (SIGNED_CALLS.has(outcome.operation)) {
      this.observeCall(outcome);
    }
  }

  private observeToken(outcome: SnapOutcomeSummary): void {
    switch (outcome.kind) {
      case 'success':
        // A token proves the client id and the private key, not the client secret.
        if (this.refusedBy !== 'call') this.become('ok', outcome);
        return;
      case 'retryable':
      case 'unknown':
        // No answer says nothing new about credentials DOKU already judged.
        if (this.current === 'unknown') this.become('unreachable', outcome);
        return;
      default:
        // DOKU answered and issued no token: the credentials (or the URL) are not its.
        this.refuse('token', outcome);
    }
  }

  private observeCall(outcome: SnapOutcomeSummary): void {
    if (outcome.kind === 'success') {
      this.become('ok', outcome);
    } else if (
      outcome.kind === 'auth_failed' &&
      (outcome.reason === 'signature' || outcome.reason === 'unauthorized')
    ) {
      this.refuse('call', outcome);
    }
  }

  private refuse(by: 'token' | 'call', outcome: SnapOutcomeSummary): void {
    const same = this.current === 'auth_failed' && this.refusedBy === by;
    this.refusedBy = by;
    this.current = 'auth_failed';
    this.publish();
    if (same) return;
    const variables = by === 'token' ? TOKEN_VARIABLES : SIGNATURE_VARIABLES;
    this.logger.error(
      { ...answer(outcome), variables },
      `DOKU refused this service's credentials (${describe(outcome)}): check ${variables.join(', ')} ` +
        '(or their _FILE variants); every DOKU call fails until they match what DOKU has registered',
    );
  }

  private become(state: 'ok' | 'unreachable', outcome: SnapOutcomeSummary): void {
    if (this.current === state) return;
    const was = this.current;
    this.current = state;
    this.refusedBy = null;
    this.publish();
    if (state === 'ok') {
      this.logger.log({ operation: outcome.operation, was }, 'DOKU accepted the credentials');
    } else {
      this.logger.warn(
        { ...answer(outcome), variables: ['DOKU_BASE_URL'] },
        `DOKU did not answer the credentials check (${describe(outcome)}); asking again in the ` +
          'background. Check DOKU_BASE_URL and the network if this lasts',
      );
    }
  }

  private publish(): void {
    for (const state of DOKU_CREDENTIALS_STATES) {
      this.metrics.dokuCredentialsStatus.set({ state }, state === this.current ? 1 : 0);
    }
  }
}

/** DOKU's side of an answer: status and code, never anything we sent. */
function answer(outcome: SnapOutcomeSummary): Record<string, unknown> {
  return {
    operation: outcome.operation,
    outcome: outcome.kind,
    reason: outcome.reason,
    httpStatus: outcome.httpStatus,
    responseCode: outcome.responseCode,
    responseMessage: outcome.responseMessage?.slice(0, 120) ?? null,
  };
}

function describe(outcome: SnapOutcomeSummary): string {
  const parts: string[] = [outcome.operation];
  if (outcome.httpStatus !== null) parts.push(`HTTP ${outcome.httpStatus}`);
  if (outcome.responseCode !== null) parts.push(`responseCode ${outcome.responseCode}`);
  if (outcome.responseMessage) parts.push(`"${outcome.responseMessage.slice(0, 120)}"`);
  if (outcome.httpStatus === null) parts.push(`${outcome.kind} ${outcome.reason ?? ''}`.trim());
  return parts.join(', ');
}
