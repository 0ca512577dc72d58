import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { Statement } from '../../database/statement.js';
import { DomainError } from '../domain-error.js';

export interface IdempotencyRecord {
  requestHash: string;
  resourceId: string | null;
  responseStatus: number | null;
  responseBody: unknown;
}

export type IdempotencyClaim =
  /** First use of the key: the caller does the work (inside the same transaction). */
  | { kind: 'new' }
  /** The key was used before with the same request. */
  | { kind: 'existing'; record: IdempotencyRecord };

/**
 * Idempotency keys as Stripe promises them: the same key with the same request replays the
 * first answer; with a different request it is a 409. One row per (scope, key), claimed
 * with INSERT ... ON CONFLICT DO NOTHING, so 200 concurrent identical requests create one
 * resource.
 */
@Injectable()
export class IdempotencyStore {
  /** Inside the caller's transaction: claim the key or read the existing record. */
  async claim(
    m: EntityManager,
    scope: string,
    key: string,
    hash: string,
    resourceId: string,
  ): Promise<IdempotencyClaim> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, resource_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, hash, resourceId],
    );
    if (inserted.length > 0) return { kind: 'new' };
    return { kind: 'existing', record: await this.existing(m, scope, key, hash) };
  }

  /** The record of a key already used; a different request under the same key is a 409. */
  async existing(
    m: EntityManager | DataSource,
    scope: string,
    key: string,
    hash: string,
  ): Promise<IdempotencyRecord> {
    const found: {
      request_hash: string;
      resource_id: string | null;
      response_status: number | null;
      response_body: unknown;
    }[] = await m.query(
      'SELECT request_hash, resource_id, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    const row = found[0];
    if (!row) throw new Error(`idempotency key ${scope}/${key} vanished`);
    if (row.request_hash !== hash) {
      throw new DomainError(
        'conflict',
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different request body. Use a new key for a new request, or resend exactly the first body.',
      );
    }
    return {
      requestHash: row.request_hash,
      resourceId: row.resource_id,
      responseStatus: row.response_status,
      responseBody: row.response_body,
    };
  }

  /** Records the answer to replay for this key. */
  async complete(
    m: EntityManager | DataSource,
    scope: string,
    key: string,
    status: number,
    body: unknown,
  ): Promise<void> {
    const st = new Statement();
    await m.query(this.completeSql(st, scope, key, status, body), st.params);
  }

  /** The same write as SQL for a caller's single statement, made only when `guard` holds. */
  completeSql(
    st: Statement,
    scope: string,
    key: string,
    status: number,
    body: unknown,
    guard = 'true',
  ): string {
    return `UPDATE idempotency_keys SET response_status = ${st.p(status)}::int, response_body = ${st.p(JSON.stringify(body))}::jsonb, completed_at = now()
            WHERE scope = ${st.p(scope)} AND key = ${st.p(key)} AND response_status IS NULL AND ${guard}`;
  }
}

/** The header, checked: present, non-empty, at most 255 printable characters. */
export function requireIdempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainError(
      'invalid',
      'IDEMPOTENCY_KEY_MISSING',
      'Send an Idempotency-Key header (for example a UUID) so that a retried request never creates a second order.',
    );
  }
  if (value.length > 255 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new DomainError(
      'invalid',
      'IDEMPOTENCY_KEY_INVALID',
      'The Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
    );
  }
  return value;
}
