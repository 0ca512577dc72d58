import { Injectable } from '@nestjs/common';

/**
 * Told whenever the simulator's state may have changed (a request answered, a QR paid, a
 * notification attempt recorded). With a state file the simulator saves itself on it;
 * without one it does nothing.
 */
@Injectable()
export class StateChanges {
  private listener: (() => void) | undefined;

  listen(listener: () => void): void {
    this.listener = listener;
  }

  changed(): void {
    this.listener?.();
  }
}
