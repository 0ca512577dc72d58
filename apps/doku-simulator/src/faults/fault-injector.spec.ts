import type { ResolvedOptions } from '../config/simulator-options.js';
import { FaultInjector, NO_FAULT } from './fault-injector.js';
import { FaultRuleError, parseEndpointRule, parseNotificationRule } from './fault-rules.js';

const injector = (seed = 1) => new FaultInjector({ seed } as ResolvedOptions);

describe('FaultInjector', () => {
  it('answers NO_FAULT when no rule is set', () => {
    expect(injector().forRequest('query')).toBe(NO_FAULT);
  });

  it('applies a rule to the next `times` requests only', () => {
    const f = injector();
    f.setEndpointRule('query', { errorRate: 1, errorStatus: 502, times: 2 });
    expect(f.forRequest('query')).toMatchObject({
      action: 'error',
      error: { status: 502, responseCode: '5025100' },
    });
    expect(f.forRequest('query').action).toBe('error');
    expect(f.forRequest('query')).toBe(NO_FAULT);
  });

  it('counts the faults that struck, not the rules set', () => {
    const f = injector();
    f.setEndpointRule('refund', { errorRate: 1, times: 2 });
    f.setEndpointRule('query', { latencyMs: 5 });
    f.setNotificationRule({ dropRate: 1, times: 1 });
    for (let i = 0; i < 3; i++) f.forRequest('refund');
    f.forRequest('query');
    f.forNotification();
    f.forNotification();
    f.reset();
    expect(f.struck()).toEqual({ refund: 2, notifications: 1 });
  });

  it('prefers an endpoint rule over `*`', () => {
    const f = injector();
    f.setEndpointRule('*', { timeoutRate: 1 });
    f.setEndpointRule('generate', { malformedRate: 1, afterProcessing: true });
    expect(f.forRequest('query').action).toBe('timeout');
    expect(f.forRequest('generate')).toMatchObject({ action: 'malformed', phase: 'after' });
  });

  it('repeats the same decisions after a reset to the same seed', () => {
    const f = injector(99);
    const run = () => {
      f.reset(99);
      f.setEndpointRule('query', { errorRate: 0.5, jitterMs: 10 });
      return Array.from({ length: 30 }, () => f.forRequest('query')).map(
        (d) => `${d.action}:${d.latencyMs.toFixed(3)}`,
      );
    };
    expect(run()).toEqual(run());
  });

  it('draws notification faults from their own stream', () => {
    const f = injector();
    f.setNotificationRule({ dropRate: 1, delayMs: 20, times: 1 });
    expect(f.forNotification()).toMatchObject({ drop: true, delayMs: 20 });
    expect(f.forNotification()).toMatchObject({ drop: false, delayMs: 0 });
  });
});

describe('fault rules', () => {
  it('accepts the documented settings and rejects anything else', () => {
    expect(
      parseEndpointRule({
        latencyMs: 5,
        errorRate: 0.1,
        errorStatus: 503,
        errorResponseCode: '5035101',
        times: 3,
      }),
    ).toEqual({
      latencyMs: 5,
      errorRate: 0.1,
      errorStatus: 503,
      errorResponseCode: '5035101',
      times: 3,
    });
    expect(() => parseEndpointRule({ errorRate: 1.5 })).toThrow(FaultRuleError);
    expect(() => parseEndpointRule({ times: 1.5 })).toThrow(/times/);
    expect(() => parseEndpointRule([])).toThrow(/JSON object/);
    expect(() => parseNotificationRule({ reorder: 'yes' })).toThrow(/reorder/);
    expect(parseNotificationRule({ reorder: true, badSignatureRate: 1 })).toEqual({
      reorder: true,
      badSignatureRate: 1,
    });
  });
});
