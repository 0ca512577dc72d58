import type { FastifyReply } from 'fastify';
import { Injectable } from '@nestjs/common';
import { sha256Hex, type SnapOperation } from '#doku-snap';
import { SimulatorClock } from '../core/simulator-clock.js';
import { FaultInjector, type EndpointFault } from '../faults/fault-injector.js';
import type { SimulatedEndpoint } from '../faults/fault-rules.js';
import type { CustomerToken } from '../token/token.store.js';
import type { ResolvedClient } from '../config/simulator-options.js';
import { AnswerWriter } from './answer-writer.js';
import { ExternalIdRegistry } from './external-id.registry.js';
import { INVALID_JSON, rawBodyOf, type RawBodyRequest } from './raw-json.body-parser.js';
import { SnapErrors, snapFailure, type SnapReply } from './snap-reply.js';
import { isSnapReply, TransactionAuthenticator } from './transaction-authenticator.js';

export interface SnapCall {
  client: ResolvedClient;
  body: Record<string, unknown>;
  now: Date;
  customer?: CustomerToken;
}

export type SnapHandler<C> = (call: C) => SnapReply | Promise<SnapReply>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The pipeline every SNAP endpoint goes through: injected faults, authentication,
 * X-EXTERNAL-ID replay, JSON parsing, the handler, then the answer (or the fault that
 * strikes after processing). Controllers stay one line long.
 */
@Injectable()
export class SnapGateway {
  constructor(
    private readonly faults: FaultInjector,
    private readonly auth: TransactionAuthenticator,
    private readonly externalIds: ExternalIdRegistry,
    private readonly writer: AnswerWriter,
    private readonly clock: SimulatorClock,
  ) {}

  /** A B2B or B2B2C transaction call (HMAC-signed, bearer token). */
  async transaction(
    op: SimulatedEndpoint & SnapOperation,
    path: string,
    req: RawBodyRequest,
    res: FastifyReply,
    handler: SnapHandler<SnapCall>,
    withCustomer = false,
  ): Promise<void> {
    const fault = this.faults.forRequest(op);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.action !== 'none' && fault.phase === 'before') return this.strike(fault, req, res);

    const rawBody = rawBodyOf(req);
    const auth = this.auth.authenticate(op, 'POST', path, req.headers, rawBody, withCustomer);
    if (isSnapReply(auth))
      return this.answer(fault, req, res, JSON.stringify(auth.body), auth.status);

    const now = this.clock.now();
    const seen = this.externalIds.check(
      auth.client.clientId,
      auth.externalId,
      sha256Hex(rawBody),
      new Date(),
    );
    if (seen.kind === 'replay') return this.answer(fault, req, res, seen.answer.body, 409);
    if (seen.kind === 'conflict') {
      const conflict = SnapErrors.duplicateExternalId(op);
      return this.answer(fault, req, res, JSON.stringify(conflict.body), conflict.status);
    }

    let reply: SnapReply;
    const body = req.body;
    if (body === INVALID_JSON || !body || typeof body !== 'object' || Array.isArray(body)) {
      reply = SnapErrors.badRequest(
        op,
        body === undefined ? 'Bad Request. Empty body' : 'Bad Request. Invalid JSON',
      );
    } else {
      try {
        reply = await handler({
          client: auth.client,
          body: body as Record<string, unknown>,
          now,
          customer: auth.customer,
        });
      } catch {
        // A simulator bug answers like DOKU's own failures (retryable), never as a hung id.
        reply = snapFailure(500, op, '01', 'Internal Server Error');
      }
    }
    const text = JSON.stringify(reply.body);
    this.externalIds.complete(seen.key, { status: reply.status, body: text });
    return this.answer(fault, req, res, text, reply.status);
  }

  /** A token call: faults apply, the handler does its own (RSA) authentication. */
  async token(
    op: SimulatedEndpoint & SnapOperation,
    req: RawBodyRequest,
    res: FastifyReply,
    handler: SnapHandler<RawBodyRequest>,
  ): Promise<void> {
    const fault = this.faults.forRequest(op);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.action !== 'none' && fault.phase === 'before') return this.strike(fault, req, res);
    const reply = await handler(req);
    return this.answer(fault, req, res, JSON.stringify(reply.body), reply.status, reply.headers);
  }

  private answer(
    fault: EndpointFault,
    req: RawBodyRequest,
    res: FastifyReply,
    text: string,
    status: number,
    headers?: Record<string, string>,
  ): Promise<void> | void {
    if (fault.action !== 'none' && fault.phase === 'after')
      return this.strike(fault, req, res, text);
    this.writer.send(res, status, text, headers);
  }

  private strike(
    fault: EndpointFault,
    req: RawBodyRequest,
    res: FastifyReply,
    intended?: string,
  ): Promise<void> | void {
    switch (fault.action) {
      case 'timeout':
        return this.writer.hang(req, fault.hangUpAfterMs);
      case 'malformed':
        return this.writer.malformed(res, intended);
      case 'error': {
        const e = fault.error!;
        return this.writer.send(
          res,
          e.status,
          JSON.stringify({ responseCode: e.responseCode, responseMessage: e.message }),
        );
      }
      case 'none':
        return;
    }
  }
}
