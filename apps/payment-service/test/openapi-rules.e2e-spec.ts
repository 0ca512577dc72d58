// One source of truth for request rules: the served document's constraints must be exactly
// what the validators enforce. Two checks: (1) the document's keywords for every property
// of every validated request class equal what its class-validator metadata means, and
// (2) every documented constraint is probed against the real ValidationPipe, just inside
// and just outside the bound: a rule in the document that the validator lacks (or the other
// way round, or a mapping that means something else) fails here.
import { BadRequestException, type Type } from '@nestjs/common';
import { requestDtos } from '../../../apps/payment-service/src/common/openapi/request-dtos.js';
import {
  CONSTRAINT_KEYWORDS,
  schemaNameOf,
  validationRules,
} from '../../../apps/payment-service/src/common/openapi/validation-rules.js';
import { createValidationPipe } from '../../../apps/payment-service/src/common/validation.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';

type Schema = Record<string, any>;

interface RequestShape {
  dto: Type;
  kind: 'body' | 'query';
  /** Property name -> its schema in the document. */
  properties: Map<string, Schema>;
  required: Set<string>;
  additionalProperties?: unknown;
}

describe('OpenAPI request rules come from the validators', () => {
  let t: TestApp;
  let doc: Schema;
  let shapes: RequestShape[];
  const pipe = createValidationPipe();

  beforeAll(async () => {
    t = await startTestApp({ label: 'openapi_rules' });
    doc = (await http('GET', `${t.url}/docs/openapi.json`)).body;
    const queryOps = Object.values(doc.paths as Record<string, Schema>)
      .flatMap((item) => Object.values(item))
      .map((op: Schema) => (op.parameters ?? []).filter((p: Schema) => p.in === 'query'))
      .filter((params: Schema[]) => params.length > 0);
    shapes = [...requestDtos(t.app)].map((dto) => {
      const names = [...validationRules(dto).keys()].sort();
      const body = doc.components.schemas[schemaNameOf(dto)];
      if (body)
        return {
          dto,
          kind: 'body',
          properties: new Map(Object.entries(body.properties ?? {})),
          required: new Set(body.required ?? []),
          additionalProperties: body.additionalProperties,
        } as RequestShape;
      // A query class is spread into `in: query` parameters: the operation listing exactly its
      // fields. Two classes may have the same field names (`status`, `limit` of the refunds
      // and the webhook deliveries queues): then the one whose descriptions are the class's.
      const describedAs = (name: string): unknown =>
        Reflect.getMetadata('swagger/apiModelProperties', dto.prototype as object, name)
          ?.description;
      const params = queryOps
        .filter(
          (ps: Schema[]) => JSON.stringify(ps.map((p) => p.name).sort()) === JSON.stringify(names),
        )
        .find((ps: Schema[]) => ps.every((p) => p.description === describedAs(p.name)));
      if (!params) throw new Error(`${dto.name}: neither a body schema nor an operation's query`);
      return {
        dto,
        kind: 'query',
        properties: new Map(params.map((p: Schema) => [p.name, p.schema])),
        required: new Set(params.filter((p: Schema) => p.required).map((p: Schema) => p.name)),
      } as RequestShape;
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds every validated body and query of the API in the document', () => {
    const names = shapes.map((s) => `${s.kind} ${s.dto.name}`).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'body CreateOrderRequestDto',
        'body CreateRefundRequestDto',
        'query ListOrdersQueryDto',
        'query AdminListOrdersQueryDto',
      ]),
    );
    expect(shapes.length).toBeGreaterThanOrEqual(9);
  });

  it('documents exactly the validated properties, required as the validators say, and refuses others', () => {
    const problems: string[] = [];
    for (const s of shapes) {
      const rules = validationRules(s.dto);
      const documented = [...s.properties.keys()].sort();
      if (JSON.stringify(documented) !== JSON.stringify([...rules.keys()].sort()))
        problems.push(`${s.dto.name}: documents ${documented} but validates ${[...rules.keys()]}`);
      for (const [name, rule] of rules)
        if (s.required.has(name) !== rule.required)
          problems.push(`${s.dto.name}.${name}: required ${s.required.has(name)} in the document`);
      if (s.kind === 'body' && s.additionalProperties !== false)
        problems.push(`${s.dto.name}: no additionalProperties: false`);
    }
    expect(problems).toEqual([]);
  });

  it('gives every property exactly the constraints its validators mean', () => {
    const problems: string[] = [];
    for (const s of shapes)
      for (const [name, rule] of validationRules(s.dto)) {
        const schema = s.properties.get(name) ?? {};
        for (const keyword of CONSTRAINT_KEYWORDS) {
          if (keyword === 'required') continue;
          const want = rule.schema[keyword];
          // `type` may come from the TypeScript type when no validator states it.
          if (want === undefined && keyword === 'type') continue;
          if (JSON.stringify(schema[keyword]) !== JSON.stringify(want))
            problems.push(
              `${s.dto.name}.${name}.${keyword}: document ${JSON.stringify(schema[keyword])}, validators ${JSON.stringify(want)}`,
            );
        }
      }
    expect(problems).toEqual([]);
  });

  /** The fields the pipe refuses for `value`, or [] when it accepts it. */
  async function refused(s: RequestShape, value: Record<string, unknown>): Promise<string[]> {
    const input =
      s.kind === 'query'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]))
        : value;
    try {
      await pipe.transform(input, { type: s.kind, metatype: s.dto as never, data: undefined });
      return [];
    } catch (err) {
      if (!(err instanceof BadRequestException)) throw err;
      const body = err.getResponse() as { code: string; details: { field: string }[] };
      expect(body.code).toBe('VALIDATION_FAILED');
      return body.details.map((d) => d.field);
    }
  }

  /** A value the document allows for a property: its example, or one built from its bounds. */
  function allowed(schema: Schema): unknown {
    if (schema.example !== undefined) return schema.example;
    if (schema.enum) return schema.enum[0];
    if (schema.type === 'integer') return schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1;
    if (schema.format === 'date-time') return '2026-03-02T09:14:05Z';
    return 'a'.repeat(Math.max(schema.minLength ?? 1, 1));
  }

  /** Values just inside (`ok`) and just outside (`bad`) each documented constraint. */
  function probes(
    schema: Schema,
    kind: RequestShape['kind'],
  ): { what: string; ok?: unknown; bad?: unknown }[] {
    const out: { what: string; ok?: unknown; bad?: unknown }[] = [];
    const filler = (n: number) => 'A'.repeat(n);
    if (schema.maxLength !== undefined)
      out.push({
        what: 'maxLength',
        ok: filler(schema.maxLength),
        bad: filler(schema.maxLength + 1),
      });
    if (schema.minLength !== undefined)
      out.push({
        what: 'minLength',
        ok: filler(Math.max(schema.minLength, 3)),
        bad: schema.minLength > 0 ? filler(schema.minLength - 1) : undefined,
      });
    if (schema.minimum !== undefined)
      out.push({ what: 'minimum', ok: schema.minimum, bad: schema.minimum - 1 });
    if (schema.maximum !== undefined)
      out.push({ what: 'maximum', ok: schema.maximum, bad: schema.maximum + 1 });
    if (schema.exclusiveMinimum !== undefined)
      out.push({
        what: 'exclusiveMinimum',
        ok: schema.exclusiveMinimum + 1,
        bad: schema.exclusiveMinimum,
      });
    if (schema.type === 'integer')
      out.push({ what: 'integer', bad: Number(allowed(schema)) + 0.5 });
    if (schema.enum) {
      for (const v of schema.enum) out.push({ what: `enum ${v}`, ok: v });
      out.push({ what: 'enum', bad: 'NOT_ONE_OF_THEM' });
    }
    if (schema.pattern) {
      const re = new RegExp(schema.pattern, 'u');
      const bad = ['!!!!', 'é', '\t', ' '].find((c) => !re.test(c));
      out.push({ what: 'pattern', ok: allowed(schema), bad });
    }
    if (schema.format === 'date-time')
      out.push({ what: 'date-time', ok: '2026-03-02T09:14:05.218Z', bad: 'yesterday' });
    // A query string is text whatever it holds: the type of a body field only.
    if (schema.type === 'string' && !schema.enum && kind === 'body')
      out.push({ what: 'string', bad: 12 });
    if (schema.maxProperties !== undefined) {
      const keys = (n: number) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
      out.push({
        what: 'maxProperties',
        ok: keys(schema.maxProperties),
        bad: keys(schema.maxProperties + 1),
      });
    }
    if (schema.propertyNames?.maxLength !== undefined) {
      const n = schema.propertyNames.maxLength;
      out.push({ what: 'propertyNames', ok: { [filler(n)]: 1 }, bad: { [filler(n + 1)]: 1 } });
    }
    if (schema.additionalProperties?.type) {
      out.push({ what: 'value types', ok: { s: 'x', n: 1.5, b: true, z: null } });
      out.push({ what: 'value types', bad: { nested: { no: 1 } } });
      out.push({ what: 'value types', bad: { list: [1] } });
    }
    return out;
  }

  it('accepts every value just inside each documented bound and refuses the one just outside', async () => {
    const problems: string[] = [];
    let probed = 0;
    for (const s of shapes) {
      const base = Object.fromEntries([...s.properties].map(([k, v]) => [k, allowed(v)]));
      const baseRefused = await refused(s, base);
      if (baseRefused.length > 0) {
        problems.push(`${s.dto.name}: the documented example values are refused (${baseRefused})`);
        continue;
      }
      for (const [name, schema] of s.properties) {
        for (const p of probes(schema, s.kind)) {
          if (p.ok !== undefined) {
            probed++;
            const fields = await refused(s, { ...base, [name]: p.ok });
            if (fields.length > 0)
              problems.push(`${s.dto.name}.${name} ${p.what}: ${JSON.stringify(p.ok)} refused`);
          }
          if (p.bad !== undefined) {
            probed++;
            const fields = await refused(s, { ...base, [name]: p.bad });
            if (!fields.includes(name))
              problems.push(`${s.dto.name}.${name} ${p.what}: ${JSON.stringify(p.bad)} accepted`);
          }
        }
        const { [name]: _dropped, ...without } = base;
        probed++;
        const fields = await refused(s, without);
        if (s.required.has(name) !== fields.includes(name))
          problems.push(
            `${s.dto.name}.${name}: required ${s.required.has(name)} but missing it was ${fields.length ? 'refused' : 'accepted'}`,
          );
      }
      probed++;
      if (!(await refused(s, { ...base, notAField: 'x' })).includes('notAField'))
        problems.push(`${s.dto.name}: an unknown field was accepted`);
    }
    expect(problems).toEqual([]);
    expect(probed).toBeGreaterThan(100);
  });
});
