import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  parseQrNotification,
  type NotificationSignatureMode,
  type QrNotification,
  verifyNotificationRequest,
} from '#doku-snap';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { OrderTransitions } from '../orders/order-transitions.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { IssuedTokens } from './issued-tokens.js';
import { SNAP_ACK, snapError } from './snap-response.js';

export interface NotificationRequest {
  method: string;
  path: string;
  rawBody: Buffer | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export interface SnapAnswer {
  status: number;
  body: { responseCode: string; responseMessage: string };
}

/** DOKU's payment confirmation is re-checked by one query at least this long after payment. */
export const CONFIRMATION_DELAY_MS = 60_000;

/**
 * DOKU -> us. The signature is checked over the exact bytes received; a forged or stale
 * notification changes nothing. Every accepted notification goes through the same guarded
 * transitions as the API and the reconciler, so a duplicate or a late repeat is acknowledged
 * again and changes nothing, and a racing poll cannot apply a payment twice.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  readonly issuedTokens: IssuedTokens;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    private readonly orders: OrdersRepository,
    private readonly transitions: OrderTransitions,
  ) {
    this.issuedTokens = new IssuedTokens(
      createHash('sha256').update(`notify-token:${config.doku.clientSecret}`).digest('hex'),
    );
  }

  async receive(req: NotificationRequest, now = new Date()): Promise<SnapAnswer> {
    const raw = req.rawBody ?? Buffer.alloc(0);
    const mode = this.signatureMode(req.headers, now);
    const verdict = verifyNotificationRequest({
      method: req.method,
      path: req.path,
      rawBody: raw,
      headers: req.headers,
      now,
      mode,
    });
    if (!verdict.ok) {
      this.logger.warn(
        { reason: verdict.reason, scheme: mode.kind },
        'notification rejected: not signed by DOKU',
      );
      const message =
        verdict.reason === 'timestamp_out_of_window'
          ? 'Unauthorized. Invalid Timestamp'
          : verdict.reason === 'bad_token'
            ? 'Invalid Token (B2B)'
            : 'Unauthorized. Signature Not Match';
      return snapError(401, verdict.reason === 'bad_token' ? '01' : '00', message);
    }
    const parsed = parseQrNotification(raw);
    if (!parsed.ok) {
      return snapError(
        400,
        /missing|required/i.test(parsed.problem) ? '02' : '01',
        `Invalid Field Format: ${parsed.problem}`,
      );
    }
    return this.apply(parsed.value, raw, mode.kind);
  }

  /**
   * The scheme this notification is checked under. `auto`: DOKU's token-then-HMAC scheme
   * (its SNAP notification page) sends `Authorization: Bearer <our token>`, SNAP's RSA scheme
   * sends none, so the header's presence picks the scheme; a pinned mode takes only its own.
   */
  private signatureMode(
    headers: NotificationRequest['headers'],
    now: Date,
  ): NotificationSignatureMode {
    const mode = this.config.doku.notificationMode;
    const symmetric = mode === 'auto' ? headers.authorization !== undefined : mode === 'symmetric';
    return symmetric
      ? {
          kind: 'symmetric',
          clientSecret: this.config.doku.clientSecret,
          isIssuedToken: (t) => this.issuedTokens.isValid(t, now),
        }
      : { kind: 'asymmetric', publicKeyPems: this.config.doku.publicKeyPems };
  }

  private async apply(
    n: QrNotification,
    raw: Buffer,
    scheme: NotificationSignatureMode['kind'],
  ): Promise<SnapAnswer> {
    const order = await this.orders.findByPartnerReference(n.originalPartnerReferenceNo);
    if (
      !order ||
      (n.originalReferenceNo && order.reference_no && n.originalReferenceNo !== order.reference_no)
    ) {
      this.logger.warn(
        { partnerReferenceNo: n.originalPartnerReferenceNo },
        'notification for an unknown transaction',
      );
      return snapError(404, '01', 'Transaction Not Found');
    }
    const ctx = {
      source: 'notification' as const,
      actor: 'doku',
      evidence: raw,
      // Which of DOKU's signature schemes it came in (go-live: confirm it, then pin it).
      details: { status: n.statusCode, signature: scheme },
    };
    if (n.status === 'success') {
      const paidAt = n.paidAt ?? new Date();
      const payment = {
        paid_at: paidAt,
        approval_code: n.approvalCode,
        issuer_id: n.issuerId,
        issuer_name: n.issuerName,
        customer_name: n.customerName,
        next_poll_at: new Date(Math.max(Date.now(), paidAt.getTime()) + CONFIRMATION_DELAY_MS),
      };
      if (!n.amount) {
        // A payment we cannot check the amount of: let the reconciler ask DOKU right now.
        await this.transitions.note(order.id, 'notification.unverifiable', ctx);
        await this.orders.requestPollNow(order.id);
        return { status: 200, body: SNAP_ACK };
      }
      if (n.amount.minor !== order.amount || n.amount.currency !== order.currency) {
        await this.transitions.flag(
          order.id,
          'AMOUNT_MISMATCH',
          {
            ...ctx,
            details: { ...ctx.details, paidAmount: n.amount.minor, orderAmount: order.amount },
          },
          { ...payment, paid_amount: n.amount.minor, next_poll_at: null },
        );
        return { status: 200, body: SNAP_ACK };
      }
      await this.transitions.apply(order.id, 'PAYMENT_CONFIRMED', ctx, {
        ...payment,
        paid_amount: n.amount.minor,
      });
      return { status: 200, body: SNAP_ACK };
    }
    // A cancel notification is DOKU's echo of a cancel one of us asked for: whoever asked
    // records CANCELLED with its own actor and reason (applying the echo first would steal
    // the audit). A cancel made elsewhere reaches us through the reconciler's query.
    if (n.status === 'canceled') return { status: 200, body: SNAP_ACK };
    // Refund notifications and non-final statuses are recorded; the reconciler and the
    // refunds flow act on DOKU's query answers, never on a "not paid yet".
    await this.transitions.note(order.id, `notification.${n.status}`, ctx);
    return { status: 200, body: SNAP_ACK };
  }
}
