// A shop's webhook endpoint for the QRIS payment service: verifies each delivery with the
// `standardwebhooks` package, ignores duplicates and stale events, prints what it applies.
//
//   npm install standardwebhooks
//   WEBHOOK_SECRET=whsec_... PORT=4000 node verify-webhook.mjs
//
// Then point the service at it: WEBHOOK_URL=http://<this host>:4000/webhooks/payments
// The state below is in memory to keep the example short; keep it in your database.
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

// eslint-disable-next-line no-restricted-properties -- a stand-alone script reads its own env
const env = process.env;
const secret = env.WEBHOOK_SECRET;
if (!secret) {
  console.error('Set WEBHOOK_SECRET to the whsec_... secret the payment service signs with.');
  process.exit(1);
}
const webhook = new Webhook(secret);
const MAX_BODY = 1024 * 1024;

const processed = new Set(); // webhook-id of every event already handled (dedupe retries)
const latestSequence = new Map(); // order id -> highest sequence applied (ignore stale events)

/**
 * Verifies one delivery and decides what to do with it. `rawBody` must be the exact bytes
 * received: the signature covers them, so parse the JSON only after verifying.
 */
function handleDelivery(rawBody, headers) {
  let event;
  try {
    event = webhook.verify(rawBody, {
      'webhook-id': headers['webhook-id'],
      'webhook-timestamp': headers['webhook-timestamp'],
      'webhook-signature': headers['webhook-signature'],
    });
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { status: 400, outcome: 'rejected' };
    throw err;
  }
  const id = headers['webhook-id'];
  if (processed.has(id)) return { status: 200, outcome: 'duplicate', event };
  processed.add(id);
  const orderId = event.data.id;
  if ((latestSequence.get(orderId) ?? 0) > event.data.sequence) {
    return { status: 200, outcome: 'stale', event };
  }
  latestSequence.set(orderId, event.data.sequence);
  // Apply it: mark the shop's order paid, cancelled, ... (here: just print it).
  return { status: 200, outcome: 'applied', event };
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/webhooks/payments') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const result = handleDelivery(Buffer.concat(chunks).toString('utf8'), req.headers);
    const e = result.event;
    console.log(
      e
        ? `${result.outcome} ${e.type} ${req.headers['webhook-id']} order=${e.data.id} status=${e.data.status} sequence=${e.data.sequence}`
        : `${result.outcome} ${req.headers['webhook-id'] ?? '(no webhook-id)'}`,
    );
    // Any 2xx tells the service the event arrived; anything else makes it retry later.
    res.writeHead(result.status).end();
  });
});

server.listen(Number(env.PORT ?? 4000), () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/webhooks/payments`);
});
