// One HTTP result -> one typed outcome: the table's verdict, plus the parsed body for a
// success. Pure, so every path is unit-tested without a network.
import type { HttpResult } from './http/transport.js';
import type { JsonObject, ParseResult } from './mappers/fields.js';
import { isJsonObject } from './mappers/fields.js';
import type { SnapOutcome } from './outcome.js';
import {
  classifyResponse,
  classifyTransportFailure,
  type FailureVerdict,
} from './outcome-table.js';
import type { SnapOperation } from './paths.js';
import { parseRetryAfter } from './retry.js';

export interface AttemptContext {
  operation: SnapOperation;
  externalId: string | null;
  attempts: number;
  nowMs: number;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function message(body: unknown): string | null {
  if (!isJsonObject(body)) return null;
  const m = body.responseMessage;
  return typeof m === 'string' ? m.slice(0, 256) : null;
}

/** Maps one transport result to an outcome; `parse` validates a success body. */
export function toOutcome<T>(
  ctx: AttemptContext,
  result: HttpResult,
  parse: (body: JsonObject) => ParseResult<T>,
): SnapOutcome<T> {
  const base = {
    operation: ctx.operation,
    externalId: ctx.externalId,
    attempts: ctx.attempts,
  };
  if (result.kind === 'failure') {
    return fromVerdict(classifyTransportFailure(result), {
      ...base,
      httpStatus: null,
      responseCode: null,
      responseMessage: null,
      replayed: false,
      retryAfterMs: null,
      detail: result.code,
    });
  }
  const body = parseJson(result.body);
  const { verdict, responseCode, replayed } = classifyResponse(ctx.operation, result.status, body);
  const meta = {
    ...base,
    httpStatus: result.status,
    responseCode,
    responseMessage: message(body),
    replayed,
    retryAfterMs: parseRetryAfter(result.headers['retry-after'], ctx.nowMs),
    detail: null as string | null,
  };
  if (verdict.kind !== 'success') {
    if (verdict.kind === 'unknown' && verdict.reason === 'malformed_body') {
      meta.detail = body === undefined ? 'body is not JSON' : 'no valid responseCode';
    }
    return fromVerdict(verdict, meta);
  }
  const parsed = parse(body as JsonObject);
  if (!parsed.ok) {
    return fromVerdict(
      { kind: 'unknown', reason: parsed.inconsistent ? 'inconsistent_response' : 'invalid_body' },
      { ...meta, detail: parsed.problem },
    );
  }
  return {
    kind: 'success',
    value: parsed.value,
    operation: meta.operation,
    externalId: meta.externalId,
    attempts: meta.attempts,
    httpStatus: meta.httpStatus,
    responseCode: meta.responseCode,
    responseMessage: meta.responseMessage,
    replayed: meta.replayed,
  };
}

interface FailureMeta {
  operation: SnapOperation;
  externalId: string | null;
  attempts: number;
  httpStatus: number | null;
  responseCode: string | null;
  responseMessage: string | null;
  replayed: boolean;
  retryAfterMs: number | null;
  detail: string | null;
}

function fromVerdict<T>(verdict: FailureVerdict, m: FailureMeta): SnapOutcome<T> {
  const meta = {
    operation: m.operation,
    externalId: m.externalId,
    attempts: m.attempts,
    httpStatus: m.httpStatus,
    responseCode: m.responseCode,
    responseMessage: m.responseMessage,
    replayed: m.replayed,
  };
  switch (verdict.kind) {
    case 'declined':
      // The table only declines on a parsed responseCode, so it is present.
      return {
        ...meta,
        kind: 'declined',
        reason: verdict.reason,
        responseCode: m.responseCode ?? '',
      };
    case 'not_found':
      return { ...meta, kind: 'not_found', reason: verdict.reason };
    case 'duplicate':
      return { ...meta, kind: 'duplicate', reason: verdict.reason };
    case 'auth_failed':
      return { ...meta, kind: 'auth_failed', reason: verdict.reason };
    case 'retryable':
      return { ...meta, kind: 'retryable', reason: verdict.reason, retryAfterMs: m.retryAfterMs };
    case 'unknown':
      return { ...meta, kind: 'unknown', reason: verdict.reason, detail: m.detail };
  }
}
