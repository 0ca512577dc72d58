import { Injectable, Logger } from '@nestjs/common';
import { RefundAttempts } from './refund-attempts.js';
import { RefundsRepository } from './refunds.repository.js';
import { RefundsService } from './refunds.service.js';

export interface RefundSweepSummary {
  claimed: number;
  succeeded: number;
  failed: number;
  /** Still without DOKU's answer: asked again later. */
  unknown: number;
}

/** Refunds claimed per sweep, and DOKU calls in flight at once, per replica. */
export const REFUND_SWEEP_BATCH = 20;
const CONCURRENCY = 4;

/**
 * Resolves refunds whose DOKU answer is missing (UNKNOWN after a timeout, or PENDING whose
 * creating request died) by asking DOKU again with the same partnerRefundNo, which DOKU
 * treats as the same refund: a retry can confirm the refund, never make a second one.
 * Safe on any number of replicas: each due refund is claimed by exactly one of them.
 */
@Injectable()
export class RefundRetrySweep {
  private readonly logger = new Logger(RefundRetrySweep.name);

  constructor(
    private readonly refunds: RefundsRepository,
    private readonly attempts: RefundAttempts,
    private readonly service: RefundsService,
  ) {}

  /** One sweep over the refunds due at `now` (a later `now` lets a test skip the wait). */
  async sweepDue(opts: { now?: Date; limit?: number } = {}): Promise<RefundSweepSummary> {
    const now = opts.now ?? new Date();
    const claimed = await this.refunds.claimDue(
      now,
      new Date(Date.now() + this.service.callLeaseMs()),
      opts.limit ?? REFUND_SWEEP_BATCH,
    );
    const summary: RefundSweepSummary = {
      claimed: claimed.length,
      succeeded: 0,
      failed: 0,
      unknown: 0,
    };
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const refund = claimed[next++];
        try {
          const after = await this.attempts.run(refund, {
            source: 'reconciler',
            actor: 'refund-retry',
          });
          if (after.status === 'SUCCEEDED') summary.succeeded++;
          else if (after.status === 'FAILED') summary.failed++;
          else summary.unknown++;
        } catch (err) {
          // The lease runs out and a later sweep asks again.
          summary.unknown++;
          this.logger.error({ err, refundId: refund.id }, 'refund retry failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
    return summary;
  }
}
