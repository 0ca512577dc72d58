import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';
import { SeededRandom, streamSeed } from '../core/seeded-random.js';
import {
  defaultErrorResponseCode,
  type EndpointFaultRule,
  type EndpointSelector,
  type NotificationFaultRule,
  type SimulatedEndpoint,
} from './fault-rules.js';

export type FaultAction = 'none' | 'error' | 'timeout' | 'malformed';

export interface EndpointFault {
  latencyMs: number;
  action: FaultAction;
  /** `before`: nothing happened; `after`: the request took effect, then the fault struck. */
  phase: 'before' | 'after';
  error?: { status: number; responseCode: string; message: string };
  hangUpAfterMs?: number;
}

export interface NotificationFault {
  drop: boolean;
  duplicate: boolean;
  delayMs: number;
  reorder: boolean;
  reorderWindowMs: number;
  badSignature: boolean;
}

export const NO_FAULT: EndpointFault = Object.freeze({
  latencyMs: 0,
  action: 'none',
  phase: 'before',
}) as EndpointFault;
const NO_NOTIFICATION_FAULT: NotificationFault = Object.freeze({
  drop: false,
  duplicate: false,
  delayMs: 0,
  reorder: false,
  reorderWindowMs: 1000,
  badSignature: false,
});

export interface FaultsSnapshot {
  seed: number;
  endpoints: Partial<Record<EndpointSelector, EndpointFaultRule>>;
  notifications: NotificationFaultRule | null;
}

/**
 * Decides, per request and per notification, which fault (if any) strikes. Each endpoint
 * draws from its own seeded stream, so a run with the same seed and the same requests per
 * endpoint sees the same faults.
 */
@Injectable()
export class FaultInjector {
  private seed: number;
  private readonly endpointRules = new Map<EndpointSelector, EndpointFaultRule>();
  private notificationRule: NotificationFaultRule | null = null;
  private readonly streams = new Map<string, SeededRandom>();
  /** Faults that struck (not rules set), per endpoint and for notifications; never reset. */
  private readonly struckCounts = new Map<string, number>();

  constructor(@Inject(SIMULATOR_OPTIONS) options: ResolvedOptions) {
    this.seed = options.seed;
  }

  setEndpointRule(endpoint: EndpointSelector, rule: EndpointFaultRule): void {
    this.endpointRules.set(endpoint, { ...rule });
  }

  clearEndpointRule(endpoint: EndpointSelector): void {
    this.endpointRules.delete(endpoint);
  }

  setNotificationRule(rule: NotificationFaultRule): void {
    this.notificationRule = { ...rule };
  }

  clearNotificationRule(): void {
    this.notificationRule = null;
  }

  /** Removes every rule and restarts the random streams (from a new seed when given). */
  reset(seed?: number): void {
    if (seed !== undefined) this.seed = seed >>> 0;
    this.endpointRules.clear();
    this.notificationRule = null;
    this.streams.clear();
  }

  snapshot(): FaultsSnapshot {
    return {
      seed: this.seed,
      endpoints: Object.fromEntries([...this.endpointRules].map(([k, v]) => [k, { ...v }])),
      notifications: this.notificationRule ? { ...this.notificationRule } : null,
    };
  }

  /** How many requests (and notifications) a fault struck since start, by endpoint. */
  struck(): Record<string, number> {
    return Object.fromEntries(this.struckCounts);
  }

  private strike<T>(name: string, fault: T): T {
    this.struckCounts.set(name, (this.struckCounts.get(name) ?? 0) + 1);
    return fault;
  }

  private stream(name: string): SeededRandom {
    let s = this.streams.get(name);
    if (!s) {
      s = new SeededRandom(streamSeed(this.seed, name));
      this.streams.set(name, s);
    }
    return s;
  }

  /** The fault for one request to `endpoint` (NO_FAULT on the hot path when no rule is set). */
  forRequest(endpoint: SimulatedEndpoint): EndpointFault {
    if (this.endpointRules.size === 0) return NO_FAULT;
    const key: EndpointSelector | undefined = this.endpointRules.has(endpoint)
      ? endpoint
      : this.endpointRules.has('*')
        ? '*'
        : undefined;
    if (key === undefined) return NO_FAULT;
    const rule = this.endpointRules.get(key)!;
    if (rule.times !== undefined) {
      if (rule.times <= 1) this.endpointRules.delete(key);
      else rule.times--;
    }
    const rng = this.stream(endpoint);
    const latencyMs = (rule.latencyMs ?? 0) + (rule.jitterMs ? rng.next() * rule.jitterMs : 0);
    const phase = rule.afterProcessing ? 'after' : 'before';
    if (rng.chance(rule.timeoutRate))
      return this.strike(endpoint, {
        latencyMs,
        action: 'timeout' as const,
        phase,
        hangUpAfterMs: rule.hangUpAfterMs,
      });
    if (rng.chance(rule.errorRate)) {
      const status = rule.errorStatus ?? 500;
      return this.strike(endpoint, {
        latencyMs,
        action: 'error',
        phase,
        error: {
          status,
          responseCode: rule.errorResponseCode ?? defaultErrorResponseCode(endpoint, status),
          message:
            rule.errorMessage ?? (status >= 500 ? 'Internal Server Error' : 'Injected error'),
        },
      });
    }
    if (rng.chance(rule.malformedRate))
      return this.strike(endpoint, { latencyMs, action: 'malformed' as const, phase });
    return latencyMs > 0 ? { latencyMs, action: 'none', phase } : NO_FAULT;
  }

  /** The fault for one notification (before its first attempt). */
  forNotification(): NotificationFault {
    const rule = this.notificationRule;
    if (!rule) return NO_NOTIFICATION_FAULT;
    if (rule.times !== undefined) {
      if (rule.times <= 1) this.notificationRule = null;
      else rule.times--;
    }
    const rng = this.stream('notifications');
    const fault = {
      drop: rng.chance(rule.dropRate),
      duplicate: rng.chance(rule.duplicateRate),
      delayMs: rule.delayMs ?? 0,
      reorder: rule.reorder ?? false,
      reorderWindowMs: rule.reorderWindowMs ?? 1000,
      badSignature: rng.chance(rule.badSignatureRate),
    };
    return fault.drop || fault.duplicate || fault.badSignature || fault.reorder
      ? this.strike('notifications', fault)
      : fault;
  }
}
