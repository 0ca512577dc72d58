// Issue 13's acceptance check, as a shop engineer would do it without our client: generate
// types from the running service's /docs/openapi.json with openapi-typescript, then compile
// the API guide's own create example with `tsc --strict` against them, plus a misspelled
// error code that must be a type error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { startTestApp, type TestApp } from '../../../test/support/app.js';

/** The JSON body of the guide's `curl -X POST http://localhost:3000/v1/orders` example. */
function guideCreateBody(): unknown {
  const guide = readFileSync('docs/api-guide.md', 'utf8');
  const section = guide.slice(guide.indexOf('### Create: `POST /v1/orders`'));
  const body = /-d '(\{[^']+\})'/.exec(section)?.[1];
  if (!body) throw new Error('no create example in docs/api-guide.md');
  return JSON.parse(body);
}

function compile(dir: string, files: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const program = ts.createProgram(
    Object.keys(files).map((f) => path.join(dir, f)),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      skipLibCheck: false,
    },
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
}

describe('a client generated from /docs/openapi.json by openapi-typescript', () => {
  let t: TestApp;
  let dir: string;
  let schema: string;

  beforeAll(async () => {
    t = await startTestApp({ label: 'client_generated' });
    const res = await fetch(`${t.url}/docs/openapi.json`);
    schema = astToString(await openapiTS(await res.text()));
    dir = mkdtempSync(path.join(tmpdir(), 'openapi-ts-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const example = (body: unknown, extra = '') => `
import type { paths } from './schema.js';
type Create = paths['/v1/orders']['post'];
type CreateBody = Create['requestBody']['content']['application/json'];
type CreateError = Create['responses'][422 | 400 | 409]['content']['application/json'];
export const body: CreateBody = ${JSON.stringify(body)};
export function explain(e: CreateError): string {
  switch (e.code) {
    case 'GATEWAY_DECLINED':
      return e.details?.order.status ?? 'FAILED';
    case 'VALIDATION_FAILED':
      return (e.details ?? []).map((d) => d.field).join();
    // @ts-expect-error: not a code of this operation (misspelled)
    case 'VALIDATION_FAILD':
      return 'never';
    default:
      return e.message;
  }
}
${extra}`;

  it("compiles the API guide's create example under --strict, metadata included", () => {
    const body = guideCreateBody();
    expect(body).toMatchObject({ metadata: { cartId: 'c_42' } });
    expect(compile(dir, { 'schema.ts': schema, 'example.ts': example(body) })).toEqual([]);
  });

  it('makes a wrong currency, a nested metadata value and a misspelled code type errors', () => {
    const problems = compile(dir, {
      'schema.ts': schema,
      'example.ts': example(
        guideCreateBody(),
        `
export const wrongCurrency: CreateBody = { merchantReference: 'x', amount: 1, currency: 'USD' };
export const nested: CreateBody = { merchantReference: 'x', amount: 1, currency: 'IDR', metadata: { a: { b: 1 } } };
export const misspelled: CreateError['code'] = 'GATEWAY_DECLIENED';
`,
      ),
    });
    expect(problems).toEqual([
      expect.stringContaining('"USD"'),
      expect.stringContaining('is not assignable'),
      expect.stringContaining('"GATEWAY_DECLIENED"'),
    ]);
  });
});
