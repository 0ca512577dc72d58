// How much latency DokuSnapClient adds to a SNAP call, measured against the in-process DOKU
// simulator on loopback (so the network is as cheap as it gets and the client's share shows):
//   raw       - a hand-signed POST through node:http with a keep-alive agent (the floor)
//   client    - DokuSnapClient.queryQr (keep-alive, outcome mapping, validation, logging off)
//   no-keep   - the same client with a transport that opens a new connection per call
//   cpu-only  - DokuSnapClient over an in-memory transport (no I/O): the client's own cost
//
//   npm run build && node libs/doku-snap/bench/client-latency.bench.mjs [--calls 2000]
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import {
  DokuSnapClient,
  ExternalIdGenerator,
  NodeHttpTransport,
  SNAP_PATHS,
  cryptoRandom,
  formatSnapTimestamp,
  signSymmetric,
  systemClock,
} from '#doku-snap';
import { startSimulator } from '#doku-simulator';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '2000' } } });
const CALLS = Number(args.calls);

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const doku = generateKeyPairSync('rsa', { modulusLength: 2048 });
const creds = { clientId: 'bench', clientSecret: 'bench-secret' };

function stats(name, samples) {
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
  console.log(
    `${name.padEnd(9)} mean ${mean.toFixed(3)} ms  p50 ${at(0.5).toFixed(3)}  p90 ${at(0.9).toFixed(3)}  p99 ${at(0.99).toFixed(3)}  (${samples.length} calls)`,
  );
  return mean;
}

async function measure(name, call) {
  for (let i = 0; i < 200; i++) await call(i); // warm-up: JIT, sockets, token
  const samples = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await call(i);
    samples.push(performance.now() - t);
  }
  return stats(name, samples);
}

const q = (c) => (i) => c.queryQr({ originalPartnerReferenceNo: `bench-${i}` });

// cpu-only, before the simulator shares the process: canned answers, no I/O at all.
const canned = JSON.stringify({
  responseCode: '4045101',
  responseMessage: 'Transaction Not Found',
});
const cannedToken = JSON.stringify({ responseCode: '2007300', accessToken: 't', expiresIn: '900' });
const memory = {
  send: async (req) =>
    req.url.includes('/authorization/')
      ? { kind: 'response', status: 200, headers: {}, body: cannedToken }
      : { kind: 'response', status: 404, headers: {}, body: canned },
};
const cpuMean = await measure(
  'cpu-only',
  q(
    new DokuSnapClient({
      baseUrl: 'http://127.0.0.1:9',
      ...creds,
      privateKeyPem,
      merchantId: '2115',
      transport: memory,
    }),
  ),
);

const sim = await startSimulator({
  clients: [{ ...creds, publicKeyPem }],
  dokuPrivateKeyPem: doku.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  seed: 1,
});
const options = { baseUrl: sim.url, ...creds, privateKeyPem, merchantId: '2115' };

const body = (i) =>
  JSON.stringify({
    originalPartnerReferenceNo: `bench-${i}`,
    serviceCode: '51',
    merchantId: '2115',
  });

// raw: the same request, hand-signed, through a plain keep-alive agent, with a token the
// client obtained (captured from its first request).
const client = new DokuSnapClient(options);
let token;
const capturing = new NodeHttpTransport();
const tokenGrabber = new DokuSnapClient({
  ...options,
  transport: {
    send: (req) => {
      token ??= req.headers.Authorization?.slice('Bearer '.length);
      return capturing.send(req);
    },
  },
});
await tokenGrabber.queryQr({ originalPartnerReferenceNo: 'warm' });
capturing.close();
const agent = new http.Agent({ keepAlive: true });
const ids = new ExternalIdGenerator(systemClock, cryptoRandom);
const url = new URL(sim.url + SNAP_PATHS.query);
const raw = (i) =>
  new Promise((resolve, reject) => {
    const text = body(i);
    const timestamp = formatSnapTimestamp(new Date());
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          'X-TIMESTAMP': timestamp,
          'X-SIGNATURE': signSymmetric({
            method: 'POST',
            path: SNAP_PATHS.query,
            accessToken: token,
            body: text,
            timestamp,
            clientSecret: creds.clientSecret,
          }),
          'X-PARTNER-ID': creds.clientId,
          'X-EXTERNAL-ID': ids.next(),
          'CHANNEL-ID': 'H2H',
          'Content-Length': Buffer.byteLength(text),
        },
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve(JSON.parse(data)));
      },
    );
    req.on('error', reject);
    req.end(text);
  });

// A transport without keep-alive: one TCP connection per call.
class NoKeepAliveTransport {
  send(req) {
    return new Promise((resolve) => {
      const u = new URL(req.url);
      const r = http.request(
        {
          hostname: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          agent: false,
          headers: { ...req.headers, 'Content-Length': Buffer.byteLength(req.body) },
        },
        (res) => {
          let data = '';
          res.on('data', (c) => (data += c));
          res.on('end', () =>
            resolve({ kind: 'response', status: res.statusCode, headers: res.headers, body: data }),
          );
        },
      );
      r.on('error', (e) =>
        resolve({ kind: 'failure', reason: 'error', sent: true, code: e.code ?? null }),
      );
      r.end(req.body);
    });
  }
}

const rawMean = await measure('raw', raw);
const clientMean = await measure('client', q(client));
const noKeep = new DokuSnapClient({ ...options, transport: new NoKeepAliveTransport() });
const noKeepMean = await measure('no-keep', q(noKeep));
console.log(
  `client adds ${(clientMean - rawMean).toFixed(3)} ms per call over the raw request; ` +
    `without keep-alive +${(noKeepMean - clientMean).toFixed(3)} ms; client CPU alone ${(cpuMean * 1000).toFixed(0)} us`,
);
client.close();
agent.destroy();
await sim.close();
