import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { DokuSnapClient } from '#doku-snap';
import { DOKU_CLIENT } from './doku-client.token.js';
import { DokuCredentialsStatus } from './doku-credentials-status.js';

/** Delays between start-up checks while DOKU does not answer: 1 s doubling up to 60 s. */
export const CREDENTIALS_CHECK_BACKOFF = { firstMs: 1_000, maxMs: 60_000 };
/**
 * How long shutdown waits for a running check. A quick answer is let in (a token issued is
 * written to the pool that is about to close); a DOKU that hangs does not hold the shutdown
 * for DOKU_TIMEOUT_MS: closing the client then aborts the request.
 */
const SHUTDOWN_WAIT_MS = 1_000;

/**
 * At start, asks DOKU for a token with this replica's credentials, in the background: the
 * app starts and listens without waiting. While DOKU does not answer it asks again with
 * backoff; once DOKU has judged the credentials (here or through real traffic) it stops,
 * and the traffic keeps the status current. See DokuCredentialsStatus.
 */
@Injectable()
export class DokuCredentialsCheck implements OnApplicationBootstrap, OnModuleDestroy {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private nextDelayMs = CREDENTIALS_CHECK_BACKOFF.firstMs;

  constructor(
    @Inject(DOKU_CLIENT) private readonly client: DokuSnapClient,
    private readonly status: DokuCredentialsStatus,
  ) {}

  onApplicationBootstrap(): void {
    this.check();
  }

  private check(): void {
    this.timer = undefined;
    if (this.stopped || this.status.settled) return;
    this.running = this.client.checkCredentials().then((result) => {
      this.running = undefined;
      // The status saw the answer through the client's observer; only the schedule is left.
      if (result.ok || this.stopped || this.status.settled) return;
      this.scheduleNext();
    });
  }

  private scheduleNext(): void {
    // Equal jitter, so replicas started together do not ask in step.
    const delay = this.nextDelayMs / 2 + Math.random() * (this.nextDelayMs / 2);
    this.nextDelayMs = Math.min(this.nextDelayMs * 2, CREDENTIALS_CHECK_BACKOFF.maxMs);
    this.timer = setTimeout(() => this.check(), delay);
    this.timer.unref();
  }

  /** Before the pool and the client close: no new check; a running one gets a moment. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.running) return;
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      this.running,
      new Promise<void>((resolve) => {
        waited = setTimeout(resolve, SHUTDOWN_WAIT_MS);
      }),
    ]);
    clearTimeout(waited);
  }
}
