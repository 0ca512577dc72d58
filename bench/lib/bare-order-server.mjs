// The create-order flow with no framework, as a reference for bench:orders: node:http, raw
// `pg`, the same two statements (./order-statements.mjs), the same SNAP client and the same
// QR verification the service uses. It checks nothing else (no idempotency replay, no
// validation beyond the amount, no logging, no metrics), so it is not a service: it shows
// how much of the service's cost is the architecture (an HTTP hop to DOKU between two
// statements, on the same cores) and how much is the framework around it.
//
// Run by bench/orders.bench.mjs as its own process; configured by BARE_SERVER (JSON).
import http from 'node:http';
import pg from 'pg';
import { DokuSnapClient } from '../../dist/libs/doku-snap/src/index.js';
import { verifyIssuedQr } from '../../dist/apps/payment-service/src/orders/domain/verify-issued-qr.js';
import { writeOrder } from './order-statements.mjs';

const cfg = JSON.parse(process.env.BARE_SERVER);
const pool = new pg.Pool({ connectionString: cfg.databaseUrl, max: 20 });
const doku = new DokuSnapClient({ baseUrl: cfg.dokuBaseUrl, ...cfg.credentials });

const issueQr = async (created) => {
  const o = await doku.generateQr({
    partnerReferenceNo: created.partner_reference_no,
    amountMinor: Number(created.amount),
    terminalId: created.terminal_id,
    validUntil: created.expires_at,
  });
  if (o.kind !== 'success') throw new Error(`generate: ${o.kind}`);
  const check = verifyIssuedQr(o.value.qrContent, {
    amountMinor: Number(created.amount),
    partnerReferenceNo: created.partner_reference_no,
  });
  if (!check.ok) throw new Error(check.problems.join('; '));
  return o.value.qrContent;
};

const send = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

http
  .createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (data += c));
    req.on('end', async () => {
      try {
        const body = JSON.parse(data);
        if (req.headers.authorization !== `Bearer ${cfg.apiKey}`) return send(res, 401, {});
        if (!Number.isSafeInteger(body.amount) || body.amount <= 0) return send(res, 400, {});
        const order = await writeOrder(pool, {
          reference: cfg.reference,
          requestBody: data,
          issueQr,
        });
        send(res, 201, order);
      } catch (e) {
        send(res, 500, { message: String(e) });
      }
    });
  })
  .listen(cfg.port, '127.0.0.1', () => console.log('bare order server ready'));
