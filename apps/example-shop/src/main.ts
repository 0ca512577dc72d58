// Runs the example shop: PAYMENTS_URL, SERVICE_KEY, ADMIN_KEY, WEBHOOK_SECRET, PORT.
// Point the service's WEBHOOK_URL at http://127.0.0.1:<PORT>/webhooks.
import { Shop } from './shop.js';

// eslint-disable-next-line no-restricted-properties -- the example shop's own settings, not the service's
const env = process.env;
const shop = new Shop({
  paymentsUrl: env.PAYMENTS_URL ?? 'http://localhost:3000',
  serviceKey: env.SERVICE_KEY ?? '',
  adminKey: env.ADMIN_KEY ?? '',
  webhookSecret: env.WEBHOOK_SECRET ?? '',
});
const { url } = await shop.listen(Number(env.PORT ?? 4000));
process.stdout.write(`example shop on ${url} (webhooks: ${url}/webhooks)\n`);
