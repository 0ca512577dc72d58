import { Inject, Injectable } from '@nestjs/common';
import {
  formatSnapTimestamp,
  isTimestampWithinWindow,
  parseSnapTimestamp,
  verifyTokenRequest,
  type SnapOperation,
} from '#doku-snap';
import {
  SIMULATOR_OPTIONS,
  type ResolvedClient,
  type ResolvedOptions,
} from '../config/simulator-options.js';
import { FieldReader } from '../snap/field-reader.js';
import { INVALID_JSON, type RawBodyRequest } from '../snap/raw-json.body-parser.js';
import { SnapErrors, snapFailure, snapSuccess, type SnapReply } from '../snap/snap-reply.js';
import { TokenStore } from './token.store.js';

/**
 * DOKU's access-token endpoints. The caller proves who it is with
 * X-SIGNATURE = SHA256withRSA(merchant private key, clientId + "|" + X-TIMESTAMP), verified
 * against the public key(s) registered for X-CLIENT-KEY.
 */
@Injectable()
export class TokenService {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: ResolvedOptions,
    private readonly tokens: TokenStore,
  ) {}

  b2b(req: RawBodyRequest): SnapReply {
    return withTokenHeaders(req, this.b2bAnswer(req));
  }

  b2b2c(req: RawBodyRequest): SnapReply {
    return withTokenHeaders(req, this.b2b2cAnswer(req));
  }

  private b2bAnswer(req: RawBodyRequest): SnapReply {
    const op = 'tokenB2b';
    const caller = this.verifyCaller(op, req);
    if ('status' in caller) return caller;
    const r = new FieldReader(op, caller.body);
    const grantType = r.string('grantType');
    if (r.failure) return r.failure;
    if (grantType !== 'client_credentials') return SnapErrors.invalidFormat(op, 'grantType');
    const ttl = this.options.tokenTtlSeconds;
    const accessToken = this.tokens.issueB2b(caller.client.clientId, ttl);
    const sdk = this.options.tokenAnswerStyle === 'sdk';
    return snapSuccess(
      op,
      {
        accessToken,
        tokenType: 'Bearer',
        // DOKU's SDKs read a number and a string (PHP: `int $expiresIn`, `string
        // $additionalInfo`; Go: `int`, `string`); SNAP's text shows "900" and {}.
        expiresIn: sdk ? ttl : String(ttl),
        additionalInfo: sdk ? '' : {},
      },
      'Successful',
    );
  }

  private b2b2cAnswer(req: RawBodyRequest): SnapReply {
    const op = 'tokenB2b2c';
    const caller = this.verifyCaller(op, req);
    if ('status' in caller) return caller;
    const r = new FieldReader(op, caller.body);
    const grantType = r.string('grantType');
    if (r.failure) return r.failure;
    const clientId = caller.client.clientId;
    let customerId: string;
    if (grantType === 'authorization_code') {
      const authCode = r.string('authCode', { max: 256 });
      if (r.failure) return r.failure;
      if (!this.tokens.consumeAuthCode(clientId, authCode))
        return snapFailure(401, op, '00', 'Unauthorized. Invalid authCode');
      customerId = `cus_${authCode}`;
    } else if (grantType === 'refresh_token') {
      const refreshToken = r.string('refreshToken', { max: 512 });
      if (r.failure) return r.failure;
      const found = this.tokens.consumeRefreshToken(clientId, refreshToken);
      if (!found) return snapFailure(401, op, '00', 'Unauthorized. Invalid refreshToken');
      customerId = found.customerId;
    } else {
      return SnapErrors.invalidFormat(op, 'grantType');
    }
    const issued = this.tokens.issueCustomer(
      clientId,
      customerId,
      this.options.customerTokenTtlSeconds,
    );
    return snapSuccess(
      op,
      {
        accessToken: issued.accessToken,
        tokenType: 'Bearer',
        accessTokenExpiryTime: formatSnapTimestamp(new Date(issued.accessExpiresAtMs)),
        refreshToken: issued.refreshToken,
        refreshTokenExpiryTime: formatSnapTimestamp(new Date(issued.refreshExpiresAtMs)),
        additionalInfo: {},
      },
      'Successful',
    );
  }

  private verifyCaller(
    op: SnapOperation,
    req: RawBodyRequest,
  ): SnapReply | { client: ResolvedClient; body: Record<string, unknown> } {
    const h = req.headers;
    const timestamp = typeof h['x-timestamp'] === 'string' ? h['x-timestamp'] : '';
    const clientKey = typeof h['x-client-key'] === 'string' ? h['x-client-key'] : '';
    const signature = typeof h['x-signature'] === 'string' ? h['x-signature'] : '';
    if (!timestamp) return SnapErrors.mandatory(op, 'X-TIMESTAMP');
    if (!parseSnapTimestamp(timestamp)) return SnapErrors.invalidFormat(op, 'X-TIMESTAMP');
    if (
      this.options.timestampWindowMs > 0 &&
      !isTimestampWithinWindow(timestamp, new Date(), this.options.timestampWindowMs)
    ) {
      return SnapErrors.invalidFormat(op, 'X-TIMESTAMP');
    }
    if (!clientKey) return SnapErrors.mandatory(op, 'X-CLIENT-KEY');
    if (!signature) return SnapErrors.mandatory(op, 'X-SIGNATURE');
    const client = this.options.clients.get(clientKey);
    if (!client) return SnapErrors.unauthorized(op, 'Unknown Client');
    if (!verifyTokenRequest(client.publicKeyPems, clientKey, timestamp, signature))
      return SnapErrors.unauthorized(op, 'Signature Not Match');
    const body = req.body;
    if (body === INVALID_JSON || !body || typeof body !== 'object' || Array.isArray(body))
      return SnapErrors.badRequest(op, 'Bad Request. Invalid JSON');
    return { client, body: body as Record<string, unknown> };
  }
}

/**
 * DOKU's token page shows X-CLIENT-KEY and X-TIMESTAMP on the answer: the caller's client
 * key (when it sent one) and the time of the answer.
 */
function withTokenHeaders(req: RawBodyRequest, reply: SnapReply): SnapReply {
  const clientKey = req.headers['x-client-key'];
  const headers: Record<string, string> = { 'x-timestamp': formatSnapTimestamp(new Date()) };
  if (typeof clientKey === 'string' && clientKey) headers['x-client-key'] = clientKey;
  return { ...reply, headers };
}
