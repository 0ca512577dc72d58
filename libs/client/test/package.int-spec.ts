// The client as a published package: its build (tsconfig.build.json) emits what `exports`
// names, the built module loads and exports the client, and the README's whole integration
// compiles under --strict against it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve('libs/client');
// Inside the repository, so the built module resolves standardwebhooks from node_modules.
const out = path.resolve(`node_modules/.cache/client-package-${process.pid}`);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the @qris-payment/client package', () => {
  beforeAll(() => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const tsc = spawnSync(
      process.execPath,
      [
        'node_modules/typescript/bin/tsc',
        '-p',
        path.join(root, 'tsconfig.build.json'),
        '--outDir',
        path.join(out, 'dist'),
      ],
      { encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
    writeFileSync(path.join(out, 'package.json'), JSON.stringify(pkg));
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('emits the files its exports name, and ships the OpenAPI document', () => {
    expect(pkg.type).toBe('module');
    const main = pkg.exports['.'];
    for (const file of [main.types, main.default])
      expect([file, existsSync(path.join(out, file))]).toEqual([file, true]);
    expect(existsSync(path.join(root, pkg.exports['./openapi.json']))).toBe(true);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'openapi.json', 'README.md']));
  });

  it('loads as an ES module and exports the client', async () => {
    const mod = await import(path.join(out, pkg.exports['.'].default));
    expect(typeof mod.PaymentClient).toBe('function');
    expect(typeof mod.PaymentApiError).toBe('function');
    expect(typeof mod.Webhooks).toBe('function');
  });

  it("compiles the README's whole integration under --strict", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]+?)```/.exec(readme)?.[1];
    expect(code).toContain("from '@qris-payment/client'");
    const file = path.join(out, 'readme-example.ts');
    writeFileSync(file, code!);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      typeRoots: [path.resolve('node_modules/@types')],
      paths: { '@qris-payment/client': [path.join(out, 'dist/index.d.ts')] },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    expect(problems).toEqual([]);
  });
});
