// DOKU's two notification schemes against the simulator, in every DOKU_NOTIFICATION_MODE:
// SNAP's RSA signature (no Authorization header) and DOKU's token-then-HMAC scheme (a token
// fetched from us, `Authorization: Bearer`, X-TIMESTAMP like 2020-12-21T07:56:11.000Z).
// `auto`, the default, accepts both; a pinned mode accepts its own and refuses the other.
import type { NotificationMode } from '#doku-simulator';
import { TEST_SERVICE_KEY } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { startStack } from '../../../test/support/stack.js';

type ServiceMode = 'auto (default)' | 'asymmetric' | 'symmetric';

const cases: [ServiceMode, NotificationMode, 'accepted' | 'refused'][] = [
  ['auto (default)', 'asymmetric', 'accepted'],
  ['auto (default)', 'symmetric', 'accepted'],
  ['asymmetric', 'asymmetric', 'accepted'],
  ['asymmetric', 'symmetric', 'refused'],
  ['symmetric', 'symmetric', 'accepted'],
  ['symmetric', 'asymmetric', 'refused'],
];

describe('DOKU notifications: both schemes, every DOKU_NOTIFICATION_MODE', () => {
  it.each(cases)(
    'service mode %s, simulator sending %s: %s',
    async (serviceMode, simulatorMode, expected) => {
      const env: Record<string, string> = {};
      if (serviceMode !== 'auto (default)') env.DOKU_NOTIFICATION_MODE = serviceMode;
      const s = await startStack({
        label: `notify_${serviceMode.slice(0, 4)}_${simulatorMode.slice(0, 4)}`,
        env,
        simulator: { notificationMode: simulatorMode },
      });
      try {
        expect(s.service.config.doku.notificationMode).toBe(
          serviceMode === 'auto (default)' ? 'auto' : serviceMode,
        );
        const created = await http('POST', `${s.service.url}/v1/orders`, {
          key: TEST_SERVICE_KEY,
          body: { merchantReference: 'INV-modes', amount: 150_000, currency: 'IDR' },
          headers: { 'Idempotency-Key': `modes-${serviceMode.slice(0, 4)}-${simulatorMode}` },
        });
        expect(created.status).toBe(201);
        s.simulator.pay(created.body.doku.referenceNo);
        await s.simulator.notificationsIdle();

        const tx = s.simulator.transaction(created.body.doku.referenceNo)!;
        const attempts = tx.notifications[0].attempts;
        const order = await http('GET', `${s.service.url}/v1/orders/${created.body.id}`, {
          key: TEST_SERVICE_KEY,
        });
        const events = await http('GET', `${s.service.url}/v1/orders/${created.body.id}/events`, {
          key: TEST_SERVICE_KEY,
        });
        if (expected === 'accepted') {
          expect(attempts[0]).toMatchObject({ ok: true, httpStatus: 200, responseCode: '2005200' });
          expect(order.body.status).toBe('PAID');
          expect(order.body.flags).toEqual([]);
          // The event says which scheme it came in (docs/doku-go-live.md: confirm, then pin).
          expect(events.body.data).toContainEqual(
            expect.objectContaining({
              source: 'notification',
              details: expect.objectContaining({ signature: simulatorMode }),
            }),
          );
        } else {
          // 401, retried on DOKU's schedule (shortened here); only polling would see it.
          expect(attempts.length).toBeGreaterThan(0);
          expect(attempts.every((a) => a.ok === false)).toBe(true);
          expect(attempts.map((a) => a.httpStatus)).not.toContain(200);
          expect(order.body.status).toBe('PENDING');
          expect(events.body.data).not.toContainEqual(
            expect.objectContaining({ source: 'notification' }),
          );
        }
      } finally {
        await s.close();
      }
    },
  );
});
