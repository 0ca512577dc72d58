import { SchedulerRegistry } from '@nestjs/schedule';
import { startTestApp } from '../../../test/support/app.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { RECONCILER_INTERVAL, ReconcilerSchedule } from '../src/reconciler/reconciler.schedule.js';
import { ReconcilerService } from '../src/reconciler/reconciler.service.js';
import { createOrder, orderRow, setNextPoll, sleep } from './reconciler.support.js';

/** The trigger: an interval from config, one sweep at a time, off when disabled, gone on close. */
describe('reconciler trigger (RECONCILER_ENABLED, RECONCILER_INTERVAL_MS)', () => {
  let s: Stack;

  beforeAll(async () => {
    s = await startStack({
      label: 'rec_cron',
      env: { RECONCILER_ENABLED: 'true', RECONCILER_INTERVAL_MS: '100' },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sweeps on its own every interval: a payment whose notification was lost becomes PAID', async () => {
    const registry = s.service.app.get(SchedulerRegistry);
    expect(registry.doesExist('interval', RECONCILER_INTERVAL)).toBe(true);
    const o = await createOrder(s.service.url);
    s.simulator.setNotificationFault({ dropRate: 1, times: 1 });
    s.simulator.pay(o.doku.referenceNo);
    await setNextPoll(s.service.dataSource, o.id, new Date());
    let status = '';
    for (let i = 0; i < 50 && status !== 'PAID'; i++) {
      await sleep(100);
      status = (await orderRow(s.service.dataSource, o.id)).status;
    }
    expect(status).toBe('PAID');
    expect(s.service.logs.text).toMatch(/"msg":"reconciler sweep"/);
    expect(s.service.logs.text).toMatch(/"claimed":1,"paid":1/);
  });

  it('skips a tick while a sweep is still running', async () => {
    const schedule = s.service.app.get(ReconcilerSchedule);
    const service = s.service.app.get(ReconcilerService);
    let release!: () => void;
    let sweeps = 0;
    const original = service.sweepDue.bind(service);
    service.sweepDue = async () => {
      sweeps++;
      await new Promise<void>((r) => (release = r));
      return original();
    };
    try {
      const first = schedule.tick();
      const second = schedule.tick();
      await sleep(350); // three interval ticks pass meanwhile
      expect(sweeps).toBe(1);
      expect(second).toBe(first);
      release();
      await first;
    } finally {
      service.sweepDue = original;
    }
  });

  it('is off in a replica with RECONCILER_ENABLED=false, and stops when the app closes', async () => {
    const off = await startTestApp({
      db: s.service.db,
      doku: s.service.config.doku,
      env: { RECONCILER_ENABLED: 'false' },
    });
    try {
      expect(off.app.get(SchedulerRegistry).doesExist('interval', RECONCILER_INTERVAL)).toBe(false);
    } finally {
      await off.close();
    }

    const on = await startTestApp({
      db: s.service.db,
      doku: s.service.config.doku,
      env: { RECONCILER_ENABLED: 'true', RECONCILER_INTERVAL_MS: '50' },
    });
    const registry = on.app.get(SchedulerRegistry);
    expect(registry.doesExist('interval', RECONCILER_INTERVAL)).toBe(true);
    await on.close();
    expect(registry.doesExist('interval', RECONCILER_INTERVAL)).toBe(false);
  });
});
