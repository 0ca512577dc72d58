// What a generated client needs from the document (issue 13): OpenAPI 3.1, integer types,
// error codes as a closed set per operation with typed details, response headers, the
// webhooks, human operation ids, clean names, open routes marked open, servers, opaque keys.
import { readFileSync } from 'node:fs';
import { ERROR_DETAILS } from '../../../apps/payment-service/src/common/openapi/error-details.js';
import { WEBHOOK_EVENT_TYPES } from '../../../apps/payment-service/src/webhooks/webhook-payload.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';

type Schema = Record<string, any>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('OpenAPI contract for generated clients', () => {
  let t: TestApp;
  let doc: Schema;
  let ops: { name: string; op: Schema }[];
  const ref = (s: Schema) => doc.components.schemas[s.$ref.replace('#/components/schemas/', '')];

  beforeAll(async () => {
    t = await startTestApp({ label: 'openapi_contract' });
    doc = (await http('GET', `${t.url}/docs/openapi.json`)).body;
    ops = Object.entries(doc.paths as Record<string, Schema>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ name: `${m} ${path}`, op: item[m] })),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is OpenAPI 3.1 with servers and opaque bearer keys', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes.apiKey).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(doc.components.securitySchemes.apiKey.bearerFormat).toBeUndefined();
    expect(JSON.stringify(doc)).not.toContain('"nullable"');
  });

  it('names operations as a client would call them, uniquely, and schemas without Dto', () => {
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
    expect(ids).toEqual(
      expect.arrayContaining(['createOrder', 'getOrder', 'cancelOrder', 'refundOrder']),
    );
    expect(Object.keys(doc.components.schemas).filter((n) => /Dto$/.test(n))).toEqual([]);
  });

  it('marks open routes with security: [] and keyed ones with the key', () => {
    for (const { name, op } of ops) {
      expect([name, Array.isArray(op.security)]).toEqual([name, true]);
    }
    const open = ops.filter((o) => o.op.security.length === 0).map((o) => o.name);
    expect(open.sort()).toEqual(
      [
        'get /health/live',
        'get /health/ready',
        'post /v1.0/qr/qr-mpm-notify',
        // The admin console's sign-in: it takes the key in its body, for a session cookie.
        'post /admin/v1/session',
      ].sort(),
    );
  });

  it('types integers as integers in requests: amount, expiresInSeconds, limit', () => {
    const body = doc.components.schemas.CreateOrderRequest;
    expect(body.properties.amount.type).toBe('integer');
    expect(body.properties.expiresInSeconds.type).toBe('integer');
    expect(body.additionalProperties).toBe(false);
    const limit = doc.paths['/v1/orders'].get.parameters.find((p: Schema) => p.name === 'limit');
    expect(limit.schema).toEqual(expect.objectContaining({ type: 'integer', maximum: 200 }));
  });

  it('describes metadata as a map of scalars, in requests and answers', () => {
    const scalars = { type: ['string', 'number', 'boolean', 'null'] };
    expect(
      doc.components.schemas.CreateOrderRequest.properties.metadata.additionalProperties,
    ).toEqual(scalars);
    expect(doc.components.schemas.Order.properties.metadata.additionalProperties).toEqual(scalars);
  });

  it('gives every error response its codes as a closed set, each code a schema of its own', () => {
    const problems: string[] = [];
    for (const { name, op } of ops)
      for (const [status, r] of Object.entries(op.responses as Record<string, Schema>)) {
        if (Number(status) < 400 || name.includes('qr-mpm-notify') || name.includes('health'))
          continue;
        const schema = r.content['application/json'].schema;
        const examples = Object.keys(r.content['application/json'].examples ?? {});
        const codes = Object.keys(schema.discriminator?.mapping ?? {});
        if (codes.sort().join() !== [...new Set(examples)].sort().join())
          problems.push(`${name} ${status}: codes ${codes} but examples ${examples}`);
        for (const member of schema.oneOf ?? []) {
          const code = ref(member).allOf[1].properties.code.const;
          if (!codes.includes(code)) problems.push(`${name} ${status}: ${code} not mapped`);
        }
      }
    expect(problems).toEqual([]);
  });

  it('gives the details of every code that carries them a schema', () => {
    const gatewayDeclined = doc.components.schemas.GatewayDeclinedError;
    expect(gatewayDeclined.allOf[1].properties.details.properties.order.$ref).toBe(
      '#/components/schemas/Order',
    );
    for (const code of Object.keys(ERROR_DETAILS)) {
      const name = code
        .toLowerCase()
        .replace(/(^|_)([a-z0-9])/g, (_m: string, _s: string, c: string) => c.toUpperCase());
      const schema = doc.components.schemas[`${name}Error`];
      if (schema)
        expect([code, schema.allOf[1].properties.details]).toEqual([code, expect.any(Object)]);
    }
  });

  it('documents X-Request-Id on every answer and Retry-After where the API sends it', () => {
    const problems: string[] = [];
    for (const { name, op } of ops) {
      if (!op.responses['503']?.headers?.['Retry-After'])
        problems.push(`${name}: 503 without Retry-After`);
      for (const [status, r] of Object.entries(op.responses as Record<string, Schema>))
        if (!r.headers?.['X-Request-Id']) problems.push(`${name} ${status}: no X-Request-Id`);
    }
    expect(problems).toEqual([]);
    expect(doc.paths['/v1/orders'].post.responses['409'].headers['Retry-After']).toBeDefined();
    expect(doc.paths['/v1/orders'].post.responses['201'].headers.Location).toBeDefined();
  });

  it('describes every webhook event type in the webhooks section', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) {
      const post = doc.webhooks[type].post;
      const media = post.requestBody.content['application/json'];
      expect(media.example.type).toBe(type);
      expect(media.schema.allOf[1].properties.type.const).toBe(type);
      expect(post.parameters.map((p: Schema) => p.name)).toEqual([
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
      ]);
    }
    const refund = doc.webhooks['refund.succeeded'].post.requestBody.content['application/json'];
    expect(refund.example.data.refund.status).toBe('SUCCEEDED');
  });

  it('shows a PENDING order without a failure as the create example', () => {
    const created = doc.paths['/v1/orders'].post.responses['201'].content['application/json'];
    expect(created.example).toEqual(
      expect.objectContaining({ status: 'PENDING', failure: null, payment: null }),
    );
  });

  it('is the document committed in libs/client (npm run openapi regenerates it)', () => {
    const committed = JSON.parse(readFileSync('libs/client/openapi.json', 'utf8'));
    expect(committed).toEqual(doc);
  });
});
