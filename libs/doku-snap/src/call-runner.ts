// The loop around one SNAP call: attempt, log, decide (planRetry), sleep on the injected
// clock, attempt again. Only `retryable` outcomes are retried; `unknown` never is.
import type { SnapFailure, SnapOutcome } from './outcome.js';
import type { SnapOperation } from './paths.js';
import type { Clock, RandomSource, SnapLogger } from './ports.js';
import { planRetry, type RetryPolicy } from './retry.js';
import { afterUnknown, isActingOperation, mayHaveActed } from './unknown-rule.js';

export interface RetryContext {
  operation: SnapOperation;
  policy: RetryPolicy;
  /** The call's X-EXTERNAL-ID (null for token calls), for the logs. */
  externalId: string | null;
  clock: Clock;
  random: RandomSource;
  logger: SnapLogger;
}

/**
 * Runs `attempt` until it returns a non-retryable outcome or the policy's budget is spent.
 * For an operation that moves money or creates state, an attempt that may have been acted
 * on (a 5xx after sending) makes every later answer that does not settle it `unknown`.
 */
export async function runWithRetries<T>(
  ctx: RetryContext,
  attempt: (attemptNo: number) => Promise<SnapOutcome<T>>,
): Promise<SnapOutcome<T>> {
  const { clock, logger, policy } = ctx;
  const startedAt = clock.now();
  const acting = isActingOperation(ctx.operation);
  let earlierMayHaveActed = false;
  for (let attemptNo = 1; ; attemptNo += 1) {
    const began = clock.now();
    const answered = await attempt(attemptNo);
    const outcome = acting ? afterUnknown(answered, earlierMayHaveActed) : answered;
    if (acting && mayHaveActed(answered)) earlierMayHaveActed = true;
    // Never a token, signature or body here: only what identifies the call and its outcome.
    const fields = {
      operation: ctx.operation,
      externalId: ctx.externalId,
      attempt: attemptNo,
      outcome: outcome.kind,
      reason: outcome.kind === 'success' ? null : outcome.reason,
      httpStatus: outcome.httpStatus,
      responseCode: outcome.responseCode,
      durationMs: clock.now() - began,
    };
    logger.debug?.('doku-snap call', fields);
    const decision = planRetry({
      policy,
      attempt: attemptNo,
      elapsedMs: clock.now() - startedAt,
      retryable: outcome.kind === 'retryable',
      retryAfterMs: outcome.kind === 'retryable' ? outcome.retryAfterMs : null,
      random: ctx.random.random(),
    });
    if (!decision.retry) {
      if (
        outcome.kind === 'retryable' ||
        outcome.kind === 'unknown' ||
        outcome.kind === 'auth_failed'
      ) {
        logger.warn?.('doku-snap call failed', { ...fields, stop: decision.why });
      }
      return outcome;
    }
    logger.info?.('doku-snap retrying', { ...fields, delayMs: decision.delayMs });
    await clock.sleep(decision.delayMs);
  }
}

/** A QR call that never left because no B2B token could be had. */
export function tokenFailure<T>(
  failure: SnapFailure,
  operation: SnapOperation,
  externalId: string,
  attempts: number,
): SnapOutcome<T> {
  const meta = {
    operation,
    externalId,
    attempts,
    httpStatus: failure.httpStatus,
    responseCode: failure.responseCode,
    responseMessage: failure.responseMessage,
    replayed: false,
  };
  if (failure.kind === 'retryable' || failure.kind === 'unknown') {
    // The QR request itself was never sent, so repeating it is safe.
    const retryAfterMs = failure.kind === 'retryable' ? failure.retryAfterMs : null;
    return { ...meta, kind: 'retryable', reason: 'token_unavailable', retryAfterMs };
  }
  return { ...meta, kind: 'auth_failed', reason: 'token_request_rejected' };
}
