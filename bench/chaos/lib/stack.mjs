// One chaos stack: the built service as a real process (so kill -9 is real) on its own
// database, the DOKU simulator as a process, and a shop webhook receiver in this process.
// The PostgreSQL server, the process spawning and the simulator's credentials come from
// bench/lib/harness.mjs; every process's output is kept so the secrets scan can read it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import {
  freePort,
  SERVICE_NODE_FLAGS,
  startProcess,
  startSimulatorProcess,
} from '../../lib/harness.mjs';

/** Every output captured by any stack of the run, with where it came from. */
export const capturedLogs = [];
/** Every secret any stack of the run handed out (to scan the logs for). */
export const knownSecrets = new Map();

/** A value the logs must never show (scanned for at the end of the run). */
export const remember = (label, value) => {
  if (value && value.length >= 8) knownSecrets.set(value, label);
};

/** Polls `check` until it returns a truthy value or `ms` pass; returns the value or null. */
export async function until(check, { ms, every = 100 } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, every));
  }
}

/** JSON over HTTP; never throws for a status, only for a transport failure. */
export async function request(
  method,
  url,
  { key, body, headers = {}, raw, timeoutMs = 30_000 } = {},
) {
  const h = { ...headers };
  if (key) h.authorization = `Bearer ${key}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, {
    method,
    headers: h,
    body: payload,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text, headers: res.headers };
}

/**
 * The shop's webhook endpoint: checks each delivery's Standard Webhooks signature and keeps
 * the events by id (a retry of the same event is the same id).
 */
async function startWebhookReceiver(secret) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const events = new Map();
  let badSignatures = 0;
  let deliveries = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      deliveries++;
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id']);
      const ts = String(req.headers['webhook-timestamp']);
      const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
      const ok = String(req.headers['webhook-signature'] ?? '')
        .split(' ')
        .some((s) => {
          const sig = Buffer.from(s.replace(/^v1,/, ''), 'base64');
          return sig.length === expected.length && timingSafeEqual(sig, expected);
        });
      if (!ok) {
        badSignatures++;
        res.writeHead(400).end();
        return;
      }
      try {
        const event = JSON.parse(body);
        events.set(event.id, event);
      } catch {
        badSignatures++;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/webhooks`,
    events,
    stats: () => ({ deliveries, badSignatures }),
    /** Distinct events of `type`, per order id. */
    countByOrder(type) {
      const by = new Map();
      for (const e of events.values())
        if (e.type === type) by.set(e.data.id, (by.get(e.data.id) ?? 0) + 1);
      return by;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * A stack for one scenario: a fresh database on the run's server, a simulator process, a
 * webhook receiver and the service (started by `start()`, killed by `kill()`, on the same
 * port every time so the simulator's notification URL stays right).
 */
export async function startStack(run, name, { serviceEnv = {}, simulatorEnv = {} } = {}) {
  const dbUrl = await run.db.sibling(name);
  const port = await freePort();
  const serviceKey = `sk_chaos_${randomBytes(18).toString('hex')}`;
  const adminKey = `ak_chaos_${randomBytes(18).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const sim = await startSimulatorProcess({
    SIMULATOR_NOTIFICATION_URL: `http://127.0.0.1:${port}/v1.0/qr/qr-mpm-notify`,
    SIMULATOR_SEED: String(run.seed),
    ...simulatorEnv,
  });
  const webhooks = await startWebhookReceiver(webhookSecret);
  remember('service API key', serviceKey);
  remember('admin API key', adminKey);
  remember('webhook secret', webhookSecret);
  remember('webhook secret (base64 part)', webhookSecret.slice('whsec_'.length));
  remember('DOKU client secret', sim.credentials.clientSecret);
  // A private key is secret line by line: any one of its base64 lines is a leak.
  for (const line of sim.credentials.privateKeyPem.split('\n'))
    if (!line.startsWith('-----') && line.length >= 40) remember('DOKU private key', line);
  const dbPassword = new URL(dbUrl).password;
  if (dbPassword) remember('database password', `:${dbPassword}@`);

  const env = {
    NODE_ENV: 'production',
    // Production turns the API document off by default; the fuzzer reads its operations from it.
    API_DOCS: 'public',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: dbUrl,
    DATABASE_POOL_SIZE: '10',
    LOG_LEVEL: 'info',
    HTTP_ACCESS_LOG: 'true',
    DOKU_BASE_URL: sim.url,
    DOKU_CLIENT_ID_FILE: sim.files.clientId,
    DOKU_CLIENT_SECRET_FILE: sim.files.clientSecret,
    DOKU_PRIVATE_KEY_FILE: sim.files.merchantPrivateKey,
    DOKU_PUBLIC_KEY_FILE: sim.files.dokuPublicKey,
    DOKU_MERCHANT_ID: sim.credentials.merchantId,
    SERVICE_API_KEYS: `chaos:${serviceKey}`,
    ADMIN_API_KEYS: `finance:${adminKey}`,
    WEBHOOK_URL: webhooks.url,
    WEBHOOK_SECRETS: webhookSecret,
    WEBHOOK_BACKOFF_BASE_MS: '500',
    WEBHOOK_DISPATCH_INTERVAL_MS: '200',
    ...serviceEnv,
  };

  let service = null;
  let generation = 0;
  let closed = false;
  const keepOutput = (label, output) => capturedLogs.push({ label, output });
  const stack = {
    name,
    url: `http://127.0.0.1:${port}`,
    dbUrl,
    sim,
    serviceKey,
    adminKey,
    webhooks,
    get pid() {
      return service?.child.pid;
    },
    async start() {
      generation++;
      const label = `${name}: service #${generation}`;
      service = await startProcess(
        'dist/apps/payment-service/src/main.js',
        env,
        /ready in/,
        SERVICE_NODE_FLAGS,
      );
      keepOutput(label, service.output);
      return service;
    },
    /** SIGKILL: no shutdown hook runs, connections and claims are left as they are. */
    async kill() {
      if (!service) return;
      const s = service;
      service = null;
      const exited = new Promise((r) => s.child.once('exit', r));
      s.child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!service) return;
      const s = service;
      service = null;
      await s.stop();
    },
    /** The service's API (shop key by default, `admin: true` for the admin key). */
    api(method, path, opts = {}) {
      return request(method, `${stack.url}${path}`, {
        ...opts,
        key: opts.key ?? (opts.admin ? adminKey : serviceKey),
      });
    },
    /** The simulator's own admin routes (faults, ledger, paying). */
    simulator(method, path, body) {
      return request(method, `${sim.url}/simulator/v1${path}`, { body });
    },
    async setFault(endpoint, rule) {
      const r = await stack.simulator('PUT', `/faults/${endpoint}`, rule);
      if (r.status >= 300) throw new Error(`fault ${endpoint} refused: ${r.text}`);
    },
    async clearFaults() {
      await stack.simulator('POST', '/faults/reset', {});
    },
    /** How many requests and notifications a fault actually hit (the simulator counts). */
    async faultsStruck() {
      const r = await stack.simulator('GET', '/faults');
      return Object.values(r.body?.struck ?? {}).reduce((a, b) => a + b, 0);
    },
    async ledger() {
      const r = await stack.simulator('GET', '/ledger');
      return r.body;
    },
    async close() {
      if (closed) return;
      closed = true;
      await stack.stop().catch(() => {});
      keepOutput(`${name}: simulator`, sim.output);
      await sim.stop();
      await webhooks.close();
    },
  };
  run.stacks.push(stack);
  return stack;
}
