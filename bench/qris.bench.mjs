// Decode throughput of libs/qris (strict) against the npm EMV-QR parsers emvqr,
// steplix-emvqr and emvco-qr-sdk, on one fixed mixed set of valid and invalid payloads,
// all in the same process and run. Also reports which parsers accept a wrong CRC.
//
//   npm run bench:qris            (builds dist/ first)
//   node bench/qris.bench.mjs --seconds 1 --rounds 5
//
// Each parser is run the way a caller who wants validation would use it: ours returns a
// result value; emvqr and steplix-emvqr throw on a bad checksum; emvco-qr-sdk's parseQR
// checks TLV syntax only, its parseFullQR also reports `crc.isValid`, so both are listed.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { buildQris, crc16ccitt, parseQris } from '../dist/libs/qris/src/index.js';

const require = createRequire(import.meta.url);
const emvqr = require('emvqr');
const steplix = require('steplix-emvqr');
const emvco = require('emvco-qr-sdk');

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '1' }, rounds: { type: 'string', default: '5' } },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);

// ---- The fixed payload set --------------------------------------------------------------
// DOKU's generate/decode sample (seed page), CRC F6EA.
const DOKU_SAMPLE =
  '00020101021226530012COM.DOKU.WWW0118936008990000002997020429970303UMI51440014ID.CO.QRIS.WWW0215ID20200622029970303UMI52045411530336054071200.255502025606500.525802ID5911Green Pages6007Jakarta61051312062430703K455032a98757c8dbc6434ab5dd4c55d9092d9a6304F6EA';
// DOKU's payment sample as printed on the seed page: the leading "0" is missing.
const DOKU_PAYMENT_SAMPLE =
  '0020101021226530012COM.DOKU.WWW0118936008990000002997020429970303UBE51440014ID.CO.QRIS.WWW0215ID20200622029970303UBE52045411530336054071200.005502025606500.005802ID5911Green Pages6007Jakarta61051312062430703K455032072435673f53496a9db872c8caa148996304F8EF';

function dokuStyle(i) {
  const digits = String(1000 + i * 37).padStart(9, '0');
  return buildQris({
    initiation: 'dynamic',
    merchantAccounts: [
      {
        tag: '26',
        gui: 'COM.DOKU.WWW',
        pan: `93600899${digits}${luhn(`93600899${digits}`)}`,
        merchantId: String(2000 + i),
        criteria: 'UMI',
      },
      {
        tag: '51',
        gui: 'ID.CO.QRIS.WWW',
        merchantId: `ID20200622${String(10000 + i)}`,
        criteria: 'UMI',
      },
    ],
    mcc: '5411',
    amountMinor: 10000 + i * 12345,
    tip:
      i % 3 === 0
        ? { indicator: 'fixed', minor: 50000 }
        : i % 3 === 1
          ? { indicator: 'percentage', percent: '2.5' }
          : undefined,
    merchantName: `Toko Nomor ${i}`,
    merchantCity: 'Jakarta',
    postalCode: '13120',
    additionalData: {
      terminalLabel: `K${i}`,
      templates: [{ id: '50', value: `ord_${String(i).padStart(12, '0')}` }],
    },
  });
}

function luhn(digits) {
  let sum = 0;
  for (let i = digits.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let n = digits.charCodeAt(i) - 48;
    if (dbl) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return String((10 - (sum % 10)) % 10);
}

const STATIC_QRIS = buildQris({
  initiation: 'static',
  merchantAccounts: [
    {
      tag: '26',
      gui: 'ID.DANA.WWW',
      pan: `936009153022591481${luhn('936009153022591481')}`,
      merchantId: '022591481',
      criteria: 'UMI',
    },
    { tag: '51', gui: 'ID.CO.QRIS.WWW', merchantId: 'ID1020021181745', criteria: 'UMI' },
  ],
  mcc: '7372',
  merchantName: 'Warung Bu Sari',
  merchantCity: 'Kota Surabaya',
  postalCode: '60111',
});
// Re-signs an edited payload, so only the codec's own rules can catch the edit.
const resign = (s) => s.slice(0, -4) + crc16ccitt(s.slice(0, -4));
const flip = (s, at) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
const wrongCrc = DOKU_SAMPLE.slice(0, -4) + 'F6EB';

const VALID = [DOKU_SAMPLE, STATIC_QRIS, ...Array.from({ length: 8 }, (_, i) => dokuStyle(i))];
const INVALID_CASES = [
  ['payment sample as printed (TLV broken)', DOKU_PAYMENT_SAMPLE],
  ['CRC digit changed', wrongCrc],
  ['name changed, CRC stale', flip(DOKU_SAMPLE, 180)],
  ['built payload changed, CRC stale', flip(dokuStyle(3), 60)],
  ['truncated', DOKU_SAMPLE.slice(0, 150)],
  ['length past the end', DOKU_SAMPLE.replace('5911Green Pages', '5999Green Pages')],
  [
    'PAN fails Luhn, CRC right',
    resign(DOKU_SAMPLE.replace('0118936008990000002997', '0118936008990000002998')),
  ],
  ['ID without postal code, CRC right', resign(DOKU_SAMPLE.replace('610513120', ''))],
];
const INVALID = INVALID_CASES.map(([, s]) => s);
const PAYLOADS = [...VALID, ...INVALID];

// ---- The parsers -------------------------------------------------------------------------
// Each returns true when it accepts the payload.
const PARSERS = [
  ['libs/qris parseQris (strict)', (s) => parseQris(s).ok],
  ['emvqr decode', (s) => attempt(() => emvqr.decode(s))],
  ['steplix-emvqr decode', (s) => attempt(() => steplix.decode(s))],
  ['emvco-qr-sdk parseQR', (s) => attempt(() => emvco.parseQR(s))],
  ['emvco-qr-sdk parseFullQR', (s) => attempt(() => emvco.parseFullQR(s, {}).crc.isValid)],
];
const OURS = PARSERS[0][0];

function attempt(fn) {
  try {
    return fn() !== false;
  } catch {
    return false;
  }
}

// ---- Checks before timing ------------------------------------------------------------------
const problems = [];
for (const s of VALID) if (!parseQris(s).ok) problems.push(`ours rejects a valid payload: ${s}`);
for (const s of INVALID)
  if (parseQris(s).ok) problems.push(`ours accepts an invalid payload: ${s}`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}

// ---- Timing ---------------------------------------------------------------------------------
let sink = 0;
function runFor(fn, seconds) {
  const deadline = performance.now() + seconds * 1000;
  let payloads = 0;
  const start = performance.now();
  do {
    for (let i = 0; i < PAYLOADS.length; i++) if (fn(PAYLOADS[i])) sink++;
    payloads += PAYLOADS.length;
  } while (performance.now() < deadline);
  return payloads / ((performance.now() - start) / 1000);
}

for (const [, fn] of PARSERS) runFor(fn, 0.3); // warm up every parser before any timing
const rates = new Map(PARSERS.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved rounds, so drift (thermal, other processes) hits every parser alike.
  for (const [name, fn] of PARSERS) rates.get(name).push(runFor(fn, SECONDS));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `QRIS decode, ${PAYLOADS.length} payloads (${VALID.length} valid, ${INVALID.length} invalid), ` +
    `median of ${ROUNDS} x ${SECONDS}s, node ${process.version}`,
);
const results = PARSERS.map(([name]) => ({ name, rate: median(rates.get(name)) }));
const fastestPeer = results.filter((r) => r.name !== OURS).sort((a, b) => b.rate - a.rate)[0];
const ours = results.find((r) => r.name === OURS);
for (const r of results) {
  const accepts = PARSERS.find(([n]) => n === r.name)[1];
  const validOk = VALID.filter((s) => accepts(s)).length;
  const wrong = INVALID_CASES.filter(([, s]) => accepts(s)).map(([label]) => label);
  console.log(
    `  ${r.name.padEnd(30)} ${Math.round(r.rate).toLocaleString('en-US').padStart(12)} payloads/s` +
      `  accepts ${validOk}/${VALID.length} valid` +
      (wrong.length > 0 ? `, and invalid: ${wrong.join('; ')}` : ', no invalid'),
  );
}
console.log(
  `  ratio to the fastest peer (${fastestPeer.name}): ${(ours.rate / fastestPeer.rate).toFixed(2)}x`,
);

// ---- Who accepts a wrong CRC ----------------------------------------------------------------
console.log('Accepts a wrong CRC (sample with CRC F6EB / with one character of the name changed):');
for (const [name, fn] of PARSERS) {
  const a = fn(wrongCrc);
  const b = fn(flip(DOKU_SAMPLE, 180));
  console.log(`  ${name.padEnd(30)} ${a ? 'ACCEPTS' : 'rejects'} / ${b ? 'ACCEPTS' : 'rejects'}`);
}
if (sink === -1) console.log(sink);
