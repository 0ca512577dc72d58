// Fuzzing of every operation in /docs/openapi.json with fast-check (seeded: a seed replays
// the same requests). Each request is built from the operation's own schema (path, query,
// headers, body), then usually made hostile: wrong types, missing or unknown fields, huge
// and deeply nested values, NUL characters, lone surrogates, bodies that are not JSON or not
// declared as JSON, missing or wrong keys. Counted: any 5xx; any error body outside the
// contract (`code` and `message`; SNAP's `responseCode`/`responseMessage` on DOKU's
// notification route); any row written (orders, refunds, qris_payments, idempotency_keys)
// by a request that was refused before reaching DOKU; and at the end our rows against
// DOKU's ledger (a refused admin cancel must not have cancelled the QR at DOKU).
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { expectsSnap, judgeFuzzAnswer } from '../lib/checks.mjs';
import { compareWithLedger, readOurRows } from '../lib/ledger-check.mjs';
import { startStack, until } from '../lib/stack.mjs';
import { figures, key, orderBody, sqlClient } from '../lib/util.mjs';

const TABLES = ['orders', 'refunds', 'qris_payments', 'idempotency_keys'];
const COUNT_SQL = `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`;

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'INV-\u0000-1',
    '\uD800',
    '',
    ' ',
    "' OR '1'='1",
    '../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    '\u202Eevil',
    `ord_${'a'.repeat(24)}`,
    'null',
    '1e309',
    '-1',
  ),
  fc.constant('x'.repeat(70_000)),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -0, 2 ** 53 + 1, -1, 0, 1.5, 1e21),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** One value the schema accepts (the example where there is one). */
function validValue(name, schema, fixtures) {
  if (!schema) return fc.constant('x');
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (name === 'qrContent') return fc.constantFrom(...fixtures.qrContents);
  if (name === 'amount') return fc.integer({ min: 1, max: 2_000_000 });
  if (schema.example !== undefined) return fc.constant(schema.example);
  if (schema.type === 'number' || schema.type === 'integer')
    return fc.integer({ min: schema.minimum ?? 1, max: schema.maximum ?? 1000 });
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.type === 'object') return fc.constant({});
  return fc.string({ minLength: 1, maxLength: Math.min(20, schema.maxLength ?? 20) });
}

const resolve = (doc, s) => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);

/** A request for one operation: from its schema, then (usually) made hostile. */
function requestArbitrary(doc, path, method, op, fixtures) {
  const params = op.parameters ?? [];
  const pathArb = fc.record(
    Object.fromEntries(
      params
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, fc.oneof(fc.constantFrom(...fixtures.ids), hostileString)]),
    ),
  );
  const queryArb = fc.record(
    Object.fromEntries(
      params
        .filter((p) => p.in === 'query')
        .map((p) => [
          p.name,
          fc.option(fc.oneof(validValue(p.name, p.schema, fixtures), hostileString)),
        ]),
    ),
  );
  const idemArb = params.some((p) => p.name === 'Idempotency-Key')
    ? fc.oneof(
        { weight: 4, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.option(hostileString) },
      )
    : fc.constant(null);
  const schema = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
  const props = Object.entries(schema?.properties ?? {});
  const validBody = schema
    ? fc.record(Object.fromEntries(props.map(([n, s]) => [n, validValue(n, s, fixtures)])), {
        requiredKeys: schema.required ?? [],
      })
    : fc.constant(undefined);
  const names = props.map(([n]) => n);
  const mutation = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'valid' }) },
    ...(names.length
      ? [
          {
            weight: 4,
            arbitrary: fc.record({
              kind: fc.constant('wrongType'),
              prop: fc.constantFrom(...names),
              value: hostileValue,
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({ kind: fc.constant('missing'), prop: fc.constantFrom(...names) }),
          },
        ]
      : []),
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('unknown'),
        name: fc.string({ maxLength: 12 }),
        value: hostileValue,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('deep'),
        depth: fc.constantFrom(64, 1_400, 20_000),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('raw'),
        text: fc.oneof(
          fc.string(),
          fc.constantFrom('{', '[]', 'null', '"x"', '{"a":1,"a":2}', '\u0000'),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('contentType'),
        type: fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data',
          'application/json; charset=utf-16',
        ),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'huge' }) },
  );
  return fc
    .record({
      path: pathArb,
      query: queryArb,
      idempotencyKey: idemArb,
      body: validBody,
      mutation,
      auth: fc.constantFrom('right', 'right', 'right', 'right', 'none', 'wrong', 'other'),
      // Mostly ordinary ids: a 20 kB header (431) on every case would hide every other finding.
      requestId: fc.option(
        fc.oneof(
          { weight: 9, arbitrary: fc.string({ maxLength: 64 }) },
          { weight: 1, arbitrary: fc.constant('x'.repeat(20_000)) },
        ),
        { freq: 5 },
      ),
    })
    .map((g) => ({ ...g, method: method.toUpperCase(), template: path }));
}

/** The HTTP request a generated case stands for (null: not expressible over HTTP). */
function toHttp(g, stack) {
  let url;
  try {
    url = g.template.replace(/\{(\w+)\}/g, (_, n) => encodeURIComponent(g.path[n]));
    const q = Object.entries(g.query)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    if (q.length) url += `?${q.join('&')}`;
  } catch {
    return null; // a lone surrogate cannot be put in a URL
  }
  const admin = g.template.startsWith('/admin/');
  const keys = {
    right: admin ? stack.adminKey : stack.serviceKey,
    other: admin ? stack.serviceKey : stack.adminKey,
  };
  const headers = {};
  if (g.auth === 'right' || g.auth === 'other') headers.authorization = `Bearer ${keys[g.auth]}`;
  if (g.auth === 'wrong') headers.authorization = `Bearer sk_wrong_${'0'.repeat(32)}`;
  if (g.idempotencyKey !== null) headers['idempotency-key'] = g.idempotencyKey;
  if (g.requestId !== null) headers['x-request-id'] = g.requestId;
  let raw;
  if (g.method === 'POST') {
    const m = g.mutation;
    const body = g.body === undefined ? {} : { ...g.body };
    headers['content-type'] = 'application/json';
    if (m.kind === 'wrongType') body[m.prop] = m.value;
    if (m.kind === 'missing') delete body[m.prop];
    if (m.kind === 'unknown') body[m.name || 'extra'] = m.value;
    raw = JSON.stringify(body);
    if (m.kind === 'deep') {
      const field = Object.keys(body)[0] ?? 'x';
      raw = `{"${field}":${'['.repeat(m.depth)}${']'.repeat(m.depth)}}`;
    }
    if (m.kind === 'raw') raw = m.text;
    if (m.kind === 'contentType') headers['content-type'] = m.type;
    if (m.kind === 'huge') raw = JSON.stringify({ ...body, pad: 'x'.repeat(2 * 1024 * 1024) });
  }
  return { url: `${stack.url}${url}`, init: { method: g.method, headers, body: raw } };
}

async function makeFixtures(stack) {
  const create = async (ref) => {
    const r = await stack.api('POST', '/v1/orders', {
      body: orderBody(ref, 500_000),
      headers: { 'Idempotency-Key': key('fx') },
    });
    if (r.status !== 201) throw new Error(`fixture order: ${r.status} ${r.text}`);
    return r.body;
  };
  const pending = await create('INV-fuzz-pending');
  const paid = await create('INV-fuzz-paid');
  await stack.simulator('POST', `/qris/${paid.doku.referenceNo}/pay`, {});
  await until(
    async () => (await stack.api('GET', `/v1/orders/${paid.id}`)).body?.status === 'PAID',
    {
      ms: 20_000,
    },
  );
  const toPay = await create('INV-fuzz-qrp');
  const payment = await stack.api('POST', '/v1/qris/payments', {
    body: { qrContent: toPay.qrContent, authCode: `auth-${randomUUID()}` },
    headers: { 'Idempotency-Key': key('fx') },
  });
  const db = sqlClient(stack.dbUrl);
  await db.connect();
  const delivery = await until(
    async () => (await db.query('SELECT id FROM webhook_deliveries LIMIT 1')).rows[0]?.id,
    { ms: 10_000 },
  );
  await db.end();
  return {
    ids: [
      pending.id,
      paid.id,
      payment.body?.id ?? 'qrp_x',
      delivery ?? 'whd_x',
      `ord_${'0'.repeat(24)}`,
    ],
    qrContents: [pending.qrContent, paid.qrContent],
  };
}

export async function fuzzOpenApi(run, { short }) {
  const f = figures('fuzzing /docs/openapi.json');
  const started = Date.now();
  const PER_OPERATION = short ? 12 : 150;
  const stack = await startStack(run, 'fuzz');
  const db = sqlClient(stack.dbUrl, f);
  try {
    await stack.start();
    await db.connect();
    const doc = (await stack.api('GET', '/docs/openapi.json')).body;
    const fixtures = await makeFixtures(stack);
    const counts = async () => (await db.query(COUNT_SQL)).rows[0];
    let operations = 0;
    let skipped = 0;
    let seed = run.seed;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        operations++;
        const cases = fc.sample(requestArbitrary(doc, path, method, op, fixtures), {
          seed: seed++,
          numRuns: PER_OPERATION,
        });
        for (const g of cases) {
          const req = toHttp(g, stack);
          if (!req) {
            skipped++;
            continue;
          }
          const before = await counts();
          let res;
          try {
            const r = await fetch(req.url, { ...req.init, signal: AbortSignal.timeout(20_000) });
            res = { status: r.status, text: await r.text() };
          } catch (err) {
            // fetch refuses some header values (NUL, CR/LF, > U+00FF) before sending anything.
            if (err?.name === 'TypeError' && !String(err.cause ?? '').includes('ECONN')) {
              skipped++;
              continue;
            }
            f.wrong++;
            f.note(`${g.method} ${path}: no answer (${err?.cause?.code ?? err?.name})`);
            continue;
          }
          f.operations++;
          if (g.mutation.kind !== 'valid' || g.auth !== 'right') f.faults++;
          const what = `${g.method} ${path} [${g.mutation.kind}${g.mutation.prop ? ` ${g.mutation.prop}` : ''}]`;
          let changedTables = [];
          if (res.status >= 400) {
            const after = await counts();
            changedTables = TABLES.filter((t) => after[t] !== before[t]);
          }
          const v = judgeFuzzAnswer({
            what,
            status: res.status,
            text: res.text,
            snap: expectsSnap(op, res.status),
            changedTables,
          });
          f.fiveXx += v.fiveXx;
          f.wrong += v.wrong;
          for (const n of v.notes) f.note(n);
        }
      }
    }
    // A key put where keys do not go (a query string) is still a secret: the logs scan
    // looks for it afterwards.
    for (const [p, k] of [
      ['/admin/v1/me', stack.adminKey],
      ['/v1/me', stack.serviceKey],
    ]) {
      for (const name of ['apiKey', 'api_key', 'access_token', 'key']) {
        const r = await fetch(`${stack.url}${p}?${name}=${encodeURIComponent(k)}`);
        await r.text();
        f.operations++;
      }
    }
    const verdict = compareWithLedger(await readOurRows(stack.dbUrl), await stack.ledger());
    f.wrong += verdict.wrong.length;
    for (const w of verdict.wrong) f.note(w);
    f.note(
      `${operations} operations, ${PER_OPERATION} generated requests each (${skipped} not expressible over HTTP)`,
    );
  } finally {
    await db.end().catch(() => {});
    await stack.close();
    f.durationMs = Date.now() - started;
  }
  return f;
}
