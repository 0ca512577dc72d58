import type { ErrorBody, OperationId } from './types.js';

/**
 * An error answer of the service, typed by the operation that gave it: narrow on
 * `error.body.code` and `error.body.details` has that code's shape.
 *
 *   catch (e) { if (e instanceof PaymentApiError && e.body.code === 'GATEWAY_DECLINED') e.body.details?.order }
 */
export class PaymentApiError<K extends OperationId = OperationId> extends Error {
  override readonly name = 'PaymentApiError';

  constructor(
    readonly operation: K,
    readonly status: number,
    readonly body: ErrorBody<K>,
    /** The X-Request-Id of the answer: quote it when reporting a problem. */
    readonly requestId: string | undefined,
    /**
     * The Idempotency-Key the call sent (creating calls): repeat with it where the error
     * says so (504 PAYMENT_OUTCOME_UNKNOWN), never with a new one.
     */
    readonly idempotencyKey?: string,
    /** The answer carried `Idempotent-Replayed: true`: the stored answer of an earlier request with this key. */
    readonly replayed = false,
  ) {
    super(`${operation}: ${status} ${body.code}: ${body.message}`);
  }

  /** The error code (also `body.code`). */
  get code(): ErrorBody<K>['code'] {
    return this.body.code;
  }

  /** True when this is an answer of operation `op` (narrows the body's codes to its own). */
  is<Op extends OperationId>(op: Op): this is PaymentApiError<Op> {
    return (this.operation as OperationId) === op;
  }
}

/** No answer came (connection refused or reset, DNS, timeout) after every allowed retry. */
export class PaymentNetworkError extends Error {
  override readonly name = 'PaymentNetworkError';
  constructor(
    readonly operation: OperationId,
    override readonly cause: unknown,
  ) {
    super(`${operation}: no answer from the payment service (${String(cause)})`);
  }
}
