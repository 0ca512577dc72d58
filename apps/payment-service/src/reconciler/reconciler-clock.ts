/** The reconciler's clock: every due time, lease and schedule decision reads it. */
export interface Clock {
  now(): Date;
}

/** Injection token of the reconciler's Clock (tests steer it; production reads the system clock). */
export const RECONCILER_CLOCK = Symbol('RECONCILER_CLOCK');

export const systemClockProvider = {
  provide: RECONCILER_CLOCK,
  // One object per app: a test that steers one app's clock leaves the other apps alone.
  useFactory: (): Clock => ({ now: () => new Date() }),
};
