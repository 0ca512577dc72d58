// qr-mpm-query answers per second of the compiled DOKU simulator (dist/), driven by
// autocannon over real HTTP with properly signed requests (fresh X-EXTERNAL-ID, X-TIMESTAMP
// and HMAC-SHA512 per request). The simulator runs in a child process so that the load
// generator does not share its event loop. Target: >= 3,000 answers/s on 2 cores.
//
//   npm run bench:simulator          (builds dist/ first)
//   node bench/simulator.bench.mjs --seconds 10 --connections 32
import { fork } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  formatSnapTimestamp,
  SNAP_PATHS,
  signSymmetric,
  signTokenRequest,
} from '../dist/libs/doku-snap/src/index.js';

const TARGET = 3000;
const CLIENT = { clientId: 'bench-client', clientSecret: 'bench-secret' };
const MERCHANT_ID = '2115';

if (process.argv.includes('--serve')) {
  // Child: the simulator alone in its process.
  const { startSimulator } = await import('../dist/apps/doku-simulator/src/index.js');
  process.once('message', async ({ publicKeyPem, dokuPrivateKeyPem }) => {
    const sim = await startSimulator({
      clients: [{ ...CLIENT, publicKeyPem }],
      merchant: {
        merchantId: MERCHANT_ID,
        name: 'Bench Shop',
        city: 'Jakarta',
        postalCode: '12190',
      },
      dokuPrivateKeyPem,
    });
    process.send({ url: sim.url });
    process.once('disconnect', () => sim.close().then(() => process.exit(0)));
  });
} else {
  await main();
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      pipelining: { type: 'string', default: '1' },
    },
  });
  const pair = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  };
  const merchant = pair();
  const doku = pair();
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { stdio: 'inherit' });
  child.send({ publicKeyPem: merchant.pub, dokuPrivateKeyPem: doku.priv });
  const { url } = await new Promise((resolve) => child.once('message', resolve));

  try {
    // Token, then one QR to query.
    const ts = formatSnapTimestamp(new Date());
    const tokenRes = await fetch(url + SNAP_PATHS.tokenB2b, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-client-key': CLIENT.clientId,
        'x-timestamp': ts,
        'x-signature': signTokenRequest(merchant.priv, CLIENT.clientId, ts),
      },
      body: '{"grantType":"client_credentials"}',
    });
    const { accessToken } = await tokenRes.json();
    let counter = 0;
    const externalId = () => `${Date.now()}${String(++counter).padStart(10, '0')}`;
    const signed = (path, body) => {
      const timestamp = formatSnapTimestamp(new Date());
      return {
        'content-type': 'application/json',
        'x-partner-id': CLIENT.clientId,
        'x-external-id': externalId(),
        'x-timestamp': timestamp,
        'x-signature': signSymmetric({
          method: 'POST',
          path,
          accessToken,
          body,
          timestamp,
          clientSecret: CLIENT.clientSecret,
        }),
        authorization: `Bearer ${accessToken}`,
        'channel-id': 'H2H',
      };
    };
    const partnerReferenceNo = `BENCH${Date.now()}`;
    const genBody = JSON.stringify({
      partnerReferenceNo,
      amount: { value: '15000.00', currency: 'IDR' },
      merchantId: MERCHANT_ID,
      terminalId: 'A01',
    });
    const gen = await fetch(url + SNAP_PATHS.generate, {
      method: 'POST',
      headers: signed(SNAP_PATHS.generate, genBody),
      body: genBody,
    });
    if (gen.status !== 200) throw new Error(`generate answered ${gen.status}: ${await gen.text()}`);
    const { referenceNo } = await gen.json();

    const queryBody = JSON.stringify({
      originalReferenceNo: referenceNo,
      originalPartnerReferenceNo: partnerReferenceNo,
      serviceCode: '51',
      merchantId: MERCHANT_ID,
    });
    const run = (seconds) =>
      autocannon({
        url,
        duration: seconds,
        connections: Number(args.connections),
        pipelining: Number(args.pipelining),
        requests: [
          {
            method: 'POST',
            path: SNAP_PATHS.query,
            setupRequest: (req) => ({
              ...req,
              headers: signed(SNAP_PATHS.query, queryBody),
              body: queryBody,
            }),
          },
        ],
      });
    await run(2); // warm-up (JIT, connection setup)
    const result = await run(Number(args.seconds));
    const ok = result['2xx'];
    const perSecond = ok / (result.duration || Number(args.seconds));
    const ledger = await (
      await fetch(`${url}/simulator/v1/ledger/${encodeURIComponent(referenceNo)}`)
    ).json();
    console.log(
      [
        `qr-mpm-query against the compiled simulator (${args.connections} connections, ${args.seconds} s)`,
        `  answers/s   ${Math.round(perSecond)} (2xx ${ok}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`,
        `  latency     p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
        `  queries recorded on the QR: ${ledger.queryCount}`,
        `  target      >= ${TARGET}/s: ${perSecond >= TARGET ? 'met' : 'NOT met'}`,
      ].join('\n'),
    );
    if (result.non2xx > 0 || perSecond < TARGET) process.exitCode = 1;
  } finally {
    child.disconnect();
  }
}
