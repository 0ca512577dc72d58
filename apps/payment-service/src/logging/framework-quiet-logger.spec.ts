import type { LoggerService } from '@nestjs/common';
import { FrameworkQuietLogger } from './framework-quiet-logger.js';

function recorder(database?: { report(err: unknown): boolean }) {
  const calls: [string, unknown[]][] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      calls.push([level, args]);
  const inner: LoggerService = {
    log: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
  };
  return { calls, logger: new FrameworkQuietLogger(inner, database) };
}

describe('FrameworkQuietLogger', () => {
  it("writes Nest's wiring lines at debug and the application's at their own level", () => {
    const { calls, logger } = recorder();
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/v1/orders, POST} route', 'RouterExplorer');
    logger.error('Error: listen EADDRINUSE', 'NestApplication');
    logger.log({ orderId: 'ord_1' }, 'order transition', 'OrderTransitions');
    logger.warn('refund unknown', 'Refunds');
    expect(calls).toEqual([
      ['debug', ['AppModule dependencies initialized', 'InstanceLoader']],
      ['debug', ['Mapped {/v1/orders, POST} route', 'RouterExplorer']],
      ['debug', ['Error: listen EADDRINUSE', 'NestApplication']],
      ['info', [{ orderId: 'ord_1' }, 'order transition', 'OrderTransitions']],
      ['warn', ['refund unknown', 'Refunds']],
    ]);
  });

  it('drops "successfully started", which Nest says before the server listens', () => {
    const { calls, logger } = recorder();
    logger.log('Nest application successfully started', 'NestApplication');
    expect(calls).toEqual([]);
  });

  it('folds error lines about an unreachable database into the outage line (debug)', () => {
    const reported: unknown[] = [];
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const { calls, logger } = recorder({
      report: (err) => (reported.push(err), (err as { code?: string }).code === 'ECONNREFUSED'),
    });
    logger.error({ err: refused }, 'webhook sweep failed', 'WebhookDispatcher');
    logger.error({ err: new Error('bug') }, 'webhook sweep failed', 'WebhookDispatcher');
    expect(reported).toHaveLength(2);
    expect(calls.map(([level]) => level)).toEqual(['debug', 'error']);
  });
});
