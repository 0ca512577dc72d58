import { type ApiAnswer, asReplay, inProgressAnswer } from '../common/api-answer.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  afterUnknown,
  cryptoRandom,
  type CustomerToken,
  type DokuSnapClient,
  ExternalIdGenerator,
  jakartaDate,
  mayHaveActed,
  type SnapOutcome,
  systemClock,
} from '#doku-snap';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { IdempotencyStore } from '../common/idempotency/idempotency-store.js';
import { requestHash } from '../common/idempotency/request-hash.js';
import { newId, newPartnerReferenceNo } from '../common/ids.js';
import { DOKU_CLIENT } from '../gateway/doku-gateway.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { decodeQrisPayload } from './domain/decode-verdict.js';
import { paymentAmount, paymentVerdict, type PaymentVerdict } from './domain/payment-rules.js';
import type { CreateQrisPaymentRequestDto } from './dto/create-qris-payment.request.dto.js';
import { presentQrisPayment, type QrisPaymentRow } from './qris-payment.row.js';
import { QrisPaymentsRepository, type QrisPaymentSettlement } from './qris-payments.repository.js';

const IDEMPOTENCY_SCOPE = 'qris.payments';
export const QRIS_PAYMENT_ID = /^qrp_[0-9a-z]{20,32}$/;

type Credential = { customerAccessToken: string } | { authCode: string };

/**
 * qr-mpm-payment for other services: a customer (through their wallet or app) pays a QRIS
 * with their B2B2C token. Idempotent by the caller's key like orders: the payment row is
 * written (PENDING) and committed before DOKU is called, so a crash or a timeout never loses
 * one; the customer's token is used for the call and never stored.
 */
@Injectable()
export class QrisPaymentsService {
  private readonly logger = new Logger(QrisPaymentsService.name);
  private readonly externalIds = new ExternalIdGenerator(systemClock, cryptoRandom);

  constructor(
    @Inject(DOKU_CLIENT) private readonly doku: DokuSnapClient,
    private readonly dataSource: DataSource,
    private readonly payments: QrisPaymentsRepository,
    private readonly idempotency: IdempotencyStore,
    private readonly metrics: MetricsService,
  ) {}

  async pay(
    dto: CreateQrisPaymentRequestDto,
    idempotencyKey: string,
    shopKeyId: string,
  ): Promise<ApiAnswer> {
    const credential = credentialOf(dto);
    const decoded = decodeQrisPayload(dto.qrContent);
    if (!decoded.ok) {
      throw new DomainError(
        'unprocessable',
        'QR_INVALID',
        `The QR cannot be paid: ${decoded.problems
          .filter((p) => p.severity === 'error')
          .map((p) => p.message)
          .join('; ')}.`,
        { problems: decoded.problems },
      );
    }
    const amount = paymentAmount(decoded.qris, dto.amount);
    if (!amount.ok) throw new DomainError('unprocessable', amount.code, amount.message);
    // The credential is not part of the request's identity: a retry may bring a fresh token.
    const hash = requestHash({ qrContent: decoded.payload, amount: dto.amount ?? null });
    const id = newId('qrp');
    const created = await this.dataSource.transaction(async (m) => {
      const claim = await this.idempotency.claim(m, IDEMPOTENCY_SCOPE, idempotencyKey, hash, id);
      if (claim.kind === 'existing') return claim;
      const row = await this.payments.insertPending(
        m,
        {
          id,
          shopKeyId,
          idempotencyKey,
          partnerReferenceNo: newPartnerReferenceNo(),
          externalId: this.externalIds.next(),
          qrContent: decoded.payload,
          merchantName: decoded.qris.merchantName,
          amount: amount.amount,
          currency: 'IDR',
        },
        shopKeyId,
      );
      return { kind: 'new' as const, row };
    });
    if (created.kind === 'existing') return this.replay(created.record, credential, shopKeyId);
    const row = await this.attempt(created.row, credential, shopKeyId);
    const answer = this.answerFor(row);
    if (row.status === 'SUCCEEDED' || row.status === 'FAILED') {
      await this.dataSource.transaction((m) =>
        this.idempotency.complete(m, IDEMPOTENCY_SCOPE, idempotencyKey, answer.status, answer.body),
      );
    }
    return answer;
  }

  /**
   * A replay answers the first answer. An UNKNOWN payment is asked again with the same
   * partnerReferenceNo and, the same Jakarta day, the same X-EXTERNAL-ID, so DOKU replays
   * what it did the first time instead of charging again.
   */
  private async replay(
    record: { responseStatus: number | null; responseBody: unknown; resourceId: string | null },
    credential: Credential,
    actor: string,
  ): Promise<ApiAnswer> {
    if (record.responseStatus !== null)
      return asReplay({ status: record.responseStatus, body: record.responseBody });
    let row = record.resourceId ? await this.payments.findById(record.resourceId) : null;
    if (!row)
      throw new Error(`idempotency record points at a missing payment ${record.resourceId}`);
    if (row.status === 'UNKNOWN' && row.external_id.startsWith(jakartaDate(Date.now()))) {
      row = await this.attempt(row, credential, actor);
    }
    return asReplay(this.answerFor(row));
  }

  /** Gets the customer's token if needed, calls DOKU outside any transaction, records the answer. */
  private async attempt(
    row: QrisPaymentRow,
    credential: Credential,
    actor: string,
  ): Promise<QrisPaymentRow> {
    const token = await this.customerToken(credential);
    if (!token.ok) {
      // The payment was not sent. Only a PENDING one can fail for it: an UNKNOWN one may
      // have been paid the first time.
      const settled = await this.payments.settle(
        row.id,
        ['PENDING'],
        { status: 'FAILED', failureCode: token.code, failureMessage: token.message },
        token.outcome,
        actor,
        {},
      );
      return settled ?? row;
    }
    const answered = await this.doku.paymentQr(
      {
        partnerReferenceNo: row.partner_reference_no,
        amountMinor: row.amount,
        currency: row.currency,
        qrContent: row.qr_content,
        customerToken: token.accessToken,
      },
      { externalId: row.external_id },
    );
    this.metrics.dokuCalls.inc({ operation: 'payment', outcome: answered.kind });
    // Once DOKU may have charged the customer on an earlier attempt, only DOKU's success or its
    // replay of the first answer settles the payment: a 401, 429, 5xx or fresh refusal now
    // says nothing about that attempt, so the payment stays UNKNOWN (never "pay again").
    const outcome = afterUnknown(answered, row.doku_may_have_acted);
    const verdict = paymentVerdict(outcome);
    this.logger.log(
      {
        paymentId: row.id,
        outcome: outcome.kind,
        responseCode: outcome.responseCode,
        status: verdict.status,
      },
      'qris payment answered',
    );
    const settled = await this.payments.settle(
      row.id,
      row.status === 'UNKNOWN' ? ['UNKNOWN'] : ['PENDING'],
      settlementOf(verdict, row.doku_may_have_acted || mayHaveActed(outcome)),
      verdict.status === 'UNKNOWN' ? verdict.outcome : outcome.kind,
      actor,
      { externalId: outcome.externalId, responseCode: outcome.responseCode },
    );
    return settled ?? (await this.payments.findById(row.id))!;
  }

  private async customerToken(
    credential: Credential,
  ): Promise<
    | { ok: true; accessToken: string }
    | { ok: false; code: string; message: string; outcome: string }
  > {
    if ('customerAccessToken' in credential)
      return { ok: true, accessToken: credential.customerAccessToken };
    const outcome = await this.doku.getCustomerToken({ authCode: credential.authCode });
    this.metrics.dokuCalls.inc({ operation: 'tokenB2b2c', outcome: outcome.kind });
    if (outcome.kind === 'success') return { ok: true, accessToken: outcome.value.accessToken };
    const refused = outcome.kind === 'auth_failed' || outcome.kind === 'declined';
    return {
      ok: false,
      code: refused ? 'CUSTOMER_AUTH_FAILED' : 'CUSTOMER_TOKEN_UNAVAILABLE',
      message: refused
        ? `DOKU refused the authCode (${outcome.responseCode ?? outcome.kind}: ${outcome.responseMessage ?? 'no message'})`
        : `DOKU did not issue a customer token (${outcome.kind}:${outcome.reason})`,
      outcome: `token:${outcome.kind}:${outcome.reason}`,
    };
  }

  /** The answer describing a payment's current state (first answers and replays). */
  answerFor(row: QrisPaymentRow): ApiAnswer {
    const view = presentQrisPayment(row);
    switch (row.status) {
      case 'SUCCEEDED':
        return { status: 201, body: view };
      case 'PENDING':
        return inProgressAnswer('A payment', 'payment', view);
      case 'UNKNOWN':
        return {
          status: 504,
          body: {
            code: 'PAYMENT_OUTCOME_UNKNOWN',
            message:
              'DOKU gave no trustworthy answer: the customer may or may not have been charged. Do not pay again with a new Idempotency-Key; repeat this request with the same key (and a valid customer token) to get DOKU’s answer.',
            details: { payment: view },
          },
        };
      case 'FAILED':
        return { status: failedStatus(row.failure_code!), body: failedBody(row, view) };
    }
  }

  async get(id: string) {
    if (!QRIS_PAYMENT_ID.test(id)) {
      throw new DomainError(
        'invalid',
        'INVALID_PAYMENT_ID',
        `"${id.slice(0, 40)}" is not a payment id (they look like qrp_ followed by 24 letters and digits).`,
      );
    }
    const row = await this.payments.findById(id);
    if (!row) throw new DomainError('not_found', 'PAYMENT_NOT_FOUND', `No payment ${id}.`);
    const events = await this.payments.events(id);
    return {
      ...presentQrisPayment(row),
      events: events.map((e) => ({
        id: Number(e.id),
        type: e.type,
        from: e.from_status,
        to: e.to_status,
        actor: e.actor,
        details: e.details,
        at: e.created_at.toISOString(),
      })),
    };
  }

  /** A customer token for the caller to keep (authCode or refresh token grant); never stored. */
  async exchangeToken(grant: { authCode: string } | { refreshToken: string }) {
    const outcome: SnapOutcome<CustomerToken> = await this.doku.getCustomerToken(grant);
    this.metrics.dokuCalls.inc({ operation: 'tokenB2b2c', outcome: outcome.kind });
    if (outcome.kind === 'success') {
      const t = outcome.value;
      return {
        accessToken: t.accessToken,
        tokenType: t.tokenType,
        accessTokenExpiresAt: t.accessTokenExpiresAt?.toISOString() ?? null,
        refreshToken: t.refreshToken,
        refreshTokenExpiresAt: t.refreshTokenExpiresAt?.toISOString() ?? null,
      };
    }
    if (outcome.kind === 'auth_failed' || outcome.kind === 'declined')
      throw new DomainError(
        'unprocessable',
        'CUSTOMER_AUTH_FAILED',
        `DOKU refused the ${'authCode' in grant ? 'authCode' : 'refreshToken'} (${outcome.responseCode ?? outcome.kind}: ${outcome.responseMessage ?? 'no message'}). Codes and refresh tokens are single use: start the customer's account binding again for a new authCode.`,
        { dokuResponseCode: outcome.responseCode },
      );
    const timeout = outcome.kind === 'unknown';
    throw new DomainError(
      timeout ? 'gateway_timeout' : 'bad_gateway',
      timeout ? 'GATEWAY_TIMEOUT' : 'GATEWAY_UNAVAILABLE',
      'DOKU did not issue a customer token right now; retry shortly.',
      { dokuOutcome: outcome.kind },
    );
  }
}

function credentialOf(dto: CreateQrisPaymentRequestDto): Credential {
  const hasToken = dto.customerAccessToken !== undefined;
  const hasCode = dto.authCode !== undefined && dto.authCode !== '';
  if (hasToken === hasCode) {
    throw new DomainError(
      'invalid',
      'CUSTOMER_CREDENTIAL_REQUIRED',
      hasToken
        ? 'Send either customerAccessToken or authCode, not both.'
        : "Send the customer's customerAccessToken (see POST /v1/qris/customer-tokens) or a one-time authCode.",
    );
  }
  return hasToken ? { customerAccessToken: dto.customerAccessToken! } : { authCode: dto.authCode! };
}

function settlementOf(v: PaymentVerdict, mayHaveActedNow: boolean): QrisPaymentSettlement {
  switch (v.status) {
    case 'SUCCEEDED':
      return {
        status: 'SUCCEEDED',
        referenceNo: v.referenceNo,
        approvalCode: v.approvalCode,
        feeAmount: v.feeAmount,
      };
    case 'FAILED':
      return { status: 'FAILED', failureCode: v.code, failureMessage: v.message };
    case 'UNKNOWN':
      return { status: 'UNKNOWN', mayHaveActed: mayHaveActedNow };
  }
}

function failedStatus(code: string): number {
  return code.startsWith('GATEWAY_') || code === 'CUSTOMER_TOKEN_UNAVAILABLE' ? 502 : 422;
}

function failedBody(row: QrisPaymentRow, view: ReturnType<typeof presentQrisPayment>) {
  const code = row.failure_code!;
  const why = `${row.failure_message ?? code}`;
  const message =
    code === 'CUSTOMER_TOKEN_INVALID'
      ? `DOKU refused the customer's access token (${why}): it is expired, revoked or not the customer's. Get a new one (POST /v1/qris/customer-tokens with a refresh token or a new authCode) and pay with a new Idempotency-Key. Nothing was charged.`
      : code === 'CUSTOMER_AUTH_FAILED'
        ? `${why}. Authorization codes are single use: get a new one and pay with a new Idempotency-Key. Nothing was charged.`
        : code.startsWith('DOKU_')
          ? `DOKU declined the payment (${code.slice(5)}: ${why}). Nothing was charged.`
          : `${why}. Nothing was charged; pay again with a new Idempotency-Key.`;
  return {
    code: code.startsWith('DOKU_') ? 'PAYMENT_DECLINED' : code,
    message,
    details: { payment: view },
  };
}
