// Checks a SNAP transaction call the way DOKU does, in order: mandatory headers and their
// format, the partner, the B2B token, the HMAC-SHA512 signature over the raw body bytes,
// and for b2b2c calls the customer token.
import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import {
  isTimestampWithinWindow,
  parseSnapTimestamp,
  verifySymmetric,
  type SnapOperation,
} from '#doku-snap';
import {
  SIMULATOR_OPTIONS,
  type ResolvedClient,
  type ResolvedOptions,
} from '../config/simulator-options.js';
import { TokenStore, type CustomerToken } from '../token/token.store.js';
import { SnapErrors, type SnapReply } from './snap-reply.js';

export interface AuthenticatedCall {
  client: ResolvedClient;
  externalId: string;
  customer?: CustomerToken;
}

const EXTERNAL_ID = /^\d{1,36}$/;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function bearer(value: string): string | undefined {
  return value.length > 7 && value.slice(0, 7).toLowerCase() === 'bearer '
    ? value.slice(7).trim()
    : undefined;
}

@Injectable()
export class TransactionAuthenticator {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly tokens: TokenStore,
  ) {}

  authenticate(
    op: SnapOperation,
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    rawBody: Buffer,
    withCustomer: boolean,
  ): AuthenticatedCall | SnapReply {
    const timestamp = header(headers, 'x-timestamp');
    if (!timestamp) return SnapErrors.mandatory(op, 'X-TIMESTAMP');
    if (!parseSnapTimestamp(timestamp)) return SnapErrors.invalidFormat(op, 'X-TIMESTAMP');
    if (
      this.options.timestampWindowMs > 0 &&
      !isTimestampWithinWindow(timestamp, new Date(), this.options.timestampWindowMs)
    ) {
      return SnapErrors.invalidFormat(op, 'X-TIMESTAMP');
    }
    const partnerId = header(headers, 'x-partner-id');
    if (!partnerId) return SnapErrors.mandatory(op, 'X-PARTNER-ID');
    const externalId = header(headers, 'x-external-id');
    if (!externalId) return SnapErrors.mandatory(op, 'X-EXTERNAL-ID');
    if (!EXTERNAL_ID.test(externalId)) return SnapErrors.invalidFormat(op, 'X-EXTERNAL-ID');
    const signature = header(headers, 'x-signature');
    if (!signature) return SnapErrors.mandatory(op, 'X-SIGNATURE');
    const authorization = header(headers, 'authorization');
    if (!authorization) return SnapErrors.tokenNotFound(op);
    const accessToken = bearer(authorization);
    if (!accessToken) return SnapErrors.invalidToken(op);

    const client = this.options.clients.get(partnerId);
    if (!client) return SnapErrors.unauthorized(op, 'Unknown Client');
    const token = this.tokens.findB2b(accessToken);
    if (!token || token.clientId !== client.clientId) return SnapErrors.invalidToken(op);
    if (
      !verifySymmetric({
        method,
        path,
        accessToken,
        body: rawBody,
        timestamp,
        clientSecret: client.clientSecret,
        signature,
      })
    ) {
      return SnapErrors.unauthorized(op, 'Signature Not Match');
    }

    if (!withCustomer) return { client, externalId };
    const customerHeader = header(headers, 'authorization-customer');
    // No header at all is SNAP's 401xx04; a header that is not a live token is 401xx02.
    if (!customerHeader) return SnapErrors.customerTokenNotFound(op);
    const customerToken = bearer(customerHeader);
    const customer = customerToken ? this.tokens.findCustomer(customerToken) : undefined;
    if (!customer || customer.clientId !== client.clientId)
      return SnapErrors.invalidCustomerToken(op);
    return { client, externalId, customer };
  }
}

export function isSnapReply(v: AuthenticatedCall | SnapReply): v is SnapReply {
  return (v as SnapReply).status !== undefined;
}
