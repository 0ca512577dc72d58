// The OpenAPI document is the machine-readable contract shop engineers read at /docs and
// generate typed clients from (/docs/openapi.json). These rules keep it complete: every
// answer has a schema, every error documents its codes, every value has an example.
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';

type Schema = Record<string, any>;
interface Operation {
  name: string;
  op: Schema;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('OpenAPI document (/docs/openapi.json)', () => {
  let t: TestApp;
  let doc: Schema;
  let operations: Operation[];

  beforeAll(async () => {
    t = await startTestApp({ label: 'openapi' });
    const res = await http('GET', `${t.url}/docs/openapi.json`);
    expect(res.status).toBe(200);
    doc = res.body;
    operations = Object.entries(doc.paths as Record<string, Schema>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({
        name: `${m.toUpperCase()} ${path}`,
        op: item[m],
      })),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const documented = () => operations;
  const resolve = (s: Schema): Schema =>
    s?.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] : s;
  /** The schema an example answers to: for a one-of by `code`, the member of its code. */
  const schemaFor = (s: Schema, example: Schema): Schema => {
    const mapped = s?.discriminator?.mapping?.[example?.[s.discriminator.propertyName]];
    return resolve(mapped ? { $ref: mapped } : s);
  };
  /** Required fields of a schema, through allOf. */
  const requiredOf = (s: Schema | undefined): string[] => [
    ...(s?.required ?? []),
    ...((s?.allOf ?? []) as Schema[]).flatMap((x) => requiredOf(resolve(x))),
  ];
  /** One error code's schema (the Error body, narrowed), or a one-of of them. */
  const isErrorSchema = (s: Schema | undefined): boolean =>
    s?.oneOf
      ? s.oneOf.every((m: Schema) => isErrorSchema(m))
      : (resolve(s ?? {})?.allOf ?? []).some((x: Schema) => x.$ref?.endsWith('/Error'));
  const responses = (o: Operation, pick: (status: number) => boolean) =>
    Object.entries((o.op.responses ?? {}) as Record<string, Schema>).filter(([status]) =>
      pick(Number(status)),
    );
  const isSuccess = (s: number) => s >= 200 && s < 300;
  const isError = (s: number) => s >= 400;

  it('gives every success response of every operation a schema', () => {
    const problems: string[] = [];
    for (const o of documented()) {
      const ok = responses(o, isSuccess);
      if (ok.length === 0) problems.push(`${o.name}: no 2xx response`);
      for (const [status, r] of ok) {
        const content = Object.entries((r.content ?? {}) as Record<string, Schema>);
        if (content.length === 0) problems.push(`${o.name} ${status}: no content`);
        for (const [type, media] of content)
          if (!media.schema) problems.push(`${o.name} ${status} ${type}: no schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents every error response with the error body and an example per code', () => {
    const problems: string[] = [];
    for (const o of documented()) {
      for (const [status, r] of responses(o, isError)) {
        const media = r.content?.['application/json'];
        if (!media?.schema) {
          problems.push(`${o.name} ${status}: no application/json schema`);
          continue;
        }
        const examples = media.examples
          ? Object.values(media.examples as Record<string, Schema>).map((e) => e.value)
          : media.example !== undefined
            ? [media.example]
            : [];
        if (examples.length === 0) problems.push(`${o.name} ${status}: no example`);
        // Each example must carry the fields its schema requires (a `code` for our errors,
        // a `responseCode` for DOKU's SNAP answers); our errors are one schema per code.
        for (const example of examples)
          for (const field of requiredOf(schemaFor(media.schema, example)))
            if (example?.[field] === undefined)
              problems.push(`${o.name} ${status}: example without ${field}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers 401 and 403 on every route that needs a key', () => {
    const problems: string[] = [];
    for (const o of documented().filter((x) => x.op.security?.length)) {
      for (const status of ['401', '403']) {
        const r = o.op.responses?.[status];
        if (!r) problems.push(`${o.name}: no ${status}`);
        else if (!isErrorSchema(r.content?.['application/json']?.schema))
          problems.push(`${o.name} ${status}: not the Error schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  /** Every schema reachable from a response, plus the webhook payload the shop receives. */
  function responseSchemas(): Map<string, Schema> {
    const seen = new Map<string, Schema>();
    const visit = (s: Schema | undefined, where: string): void => {
      if (!s || typeof s !== 'object') return;
      if (s.$ref) {
        const name = s.$ref.replace('#/components/schemas/', '');
        if (seen.has(name)) return;
        const target = doc.components?.schemas?.[name];
        seen.set(name, target);
        return visit(target, name);
      }
      for (const key of ['allOf', 'oneOf', 'anyOf'])
        for (const sub of s[key] ?? []) visit(sub, where);
      visit(s.items, where);
      if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, where);
      for (const p of Object.values((s.properties ?? {}) as Record<string, Schema>))
        visit(p, where);
    };
    for (const o of operations)
      for (const [, r] of responses(o, () => true))
        for (const media of Object.values((r.content ?? {}) as Record<string, Schema>))
          visit(media.schema, o.name);
    visit({ $ref: '#/components/schemas/WebhookEvent' }, 'webhooks');
    return seen;
  }

  /** True when a property is described by object schemas (whose own properties have examples). */
  function isObjectReference(p: Schema): boolean {
    const refs = [p, ...(p.allOf ?? []), ...(p.oneOf ?? []), ...(p.anyOf ?? [])];
    const target = (s: Schema) => (s.$ref ? resolve(s) : undefined);
    if (p.type === 'array' && p.items) return isObjectReference(p.items);
    const pointed = refs.map(target).filter(Boolean) as Schema[];
    return pointed.length > 0 && pointed.every((s) => s.properties);
  }

  it('gives every response property an example, unless another schema describes it', () => {
    const schemas = responseSchemas();
    expect(schemas.size).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const [name, schema] of schemas) {
      if (!schema) {
        problems.push(`${name}: referenced but missing from components`);
        continue;
      }
      for (const [prop, p] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
        if (!isObjectReference(p) && !('example' in p))
          problems.push(`${name}.${prop}: no example`);
    }
    expect(problems).toEqual([]);
  });

  it('types every amount in a response as an integer (minor units)', () => {
    const problems: string[] = [];
    for (const [name, schema] of responseSchemas())
      for (const [prop, p] of Object.entries((schema?.properties ?? {}) as Record<string, Schema>))
        // OpenAPI 3.1 writes a nullable integer as `type: [integer, null]`.
        if (
          /amount$/i.test(prop) &&
          [p.type]
            .flat()
            .filter((t) => t !== 'null')
            .join() !== 'integer'
        )
          problems.push(`${name}.${prop}: ${p.type ?? 'untyped'}`);
    expect(problems).toEqual([]);
  });

  it('documents the webhook payload the shop receives', () => {
    const event = doc.components?.schemas?.WebhookEvent;
    expect(event?.required).toEqual(expect.arrayContaining(['id', 'type', 'timestamp', 'data']));
  });
});
