// docs/api-guide.md is what a shop engineer reads first; these rules keep it honest against
// what the service really serves: every route and every error code of /docs/openapi.json
// is in the guide, and every shell variable the docs' commands use is said to be set somewhere.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { http } from '../../../test/support/http.js';
import { loadOrCreateDevCredentials } from '../src/dev/dev-credentials.js';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The codes the service answers that no route lists: the framework's own answers. */
const GENERIC_CODES = ['ROUTE_NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'BAD_REQUEST', 'INTERNAL_ERROR'];

describe('docs/api-guide.md against the API the service serves', () => {
  let t: TestApp;
  // The OpenAPI document, read as plain JSON.
  let doc: any;
  const guide = readFileSync(path.join(DOCS, 'api-guide.md'), 'utf8');

  beforeAll(async () => {
    t = await startTestApp({ label: 'api_guide' });
    doc = (await http('GET', `${t.url}/docs/openapi.json`)).body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names every route of the OpenAPI document', () => {
    const routes = Object.entries(doc.paths as Record<string, any>).flatMap(([p, item]) =>
      METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(routes.length).toBeGreaterThan(20);
    // A route is named with its method, or in a list right after a named sibling
    // ("`POST /admin/v1/orders/{id}/refunds`, `GET …/refunds`").
    const missing = routes.filter((r) => {
      const [method, p] = r.split(' ');
      const tail = p.split('/').slice(-1)[0];
      return !guide.includes(`${method} ${p}`) && !guide.includes(`${method} …/${tail}`);
    });
    expect(missing).toEqual([]);
  });

  it('explains every error code the service answers', () => {
    const codes = new Set<string>(GENERIC_CODES);
    for (const item of Object.values(doc.paths as Record<string, any>)) {
      for (const m of METHODS) {
        for (const res of Object.values((item[m]?.responses ?? {}) as Record<string, any>)) {
          const examples = res.content?.['application/json']?.examples ?? {};
          // Our codes; the notification route's numeric SNAP codes are DOKU's, not the shop's.
          for (const name of Object.keys(examples))
            if (/^[A-Z][A-Z_]+$/.test(name)) codes.add(name);
        }
      }
    }
    expect(codes.size).toBeGreaterThan(40);
    expect([...codes].filter((c) => !new RegExp(`\\b${c}\\b`).test(guide)).sort()).toEqual([]);
  });

  it('says where every shell variable in the docs’ commands comes from', () => {
    const files = [
      path.join(DOCS, '..', 'README.md'),
      ...readdirSync(DOCS)
        .filter((f) => f.endsWith('.md'))
        .map((f) => path.join(DOCS, f)),
    ];
    const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    const blocks = [...all.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1]);
    const used = new Set(
      blocks.flatMap((b) => [...b.matchAll(/\$\{?([A-Z][A-Z0-9_]+)/g)].map((m) => m[1])),
    );
    expect(used.size).toBeGreaterThan(0);
    // Set in a command (`export X=`, `X=… cmd`) of some doc.
    const unset = [...used].filter(
      (v) => !blocks.some((b) => new RegExp(`(^|\\s)${v}=`, 'm').test(b)),
    );
    expect(unset).toEqual([]);
  });

  it('reads the dev-mode keys and webhook secret with commands that work', () => {
    const all = readdirSync(DOCS)
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(path.join(DOCS, f), 'utf8'))
      .join('\n');
    const commands = [...all.matchAll(/export ([A-Z_]+)=(\$\(node -p "[^"]+"\))/g)];
    const exported = Object.fromEntries(commands.map((m) => [m[1], m[2]]));
    expect(Object.keys(exported).sort()).toEqual(['ADMIN_KEY', 'SERVICE_KEY', 'WEBHOOK_SECRET']);

    // Dev mode writes the file; the documented command, run where `npm start` runs, reads it.
    const dir = mkdtempSync(path.join(tmpdir(), 'dev-creds-'));
    try {
      const { credentials } = loadOrCreateDevCredentials(path.join(dir, '.data'));
      const read = (cmd: string) =>
        execFileSync('sh', ['-c', `printf %s "${cmd}"`], { cwd: dir, encoding: 'utf8' });
      expect(read(exported.SERVICE_KEY)).toBe(credentials.serviceApiKey);
      expect(read(exported.ADMIN_KEY)).toBe(credentials.adminApiKey);
      expect(read(exported.WEBHOOK_SECRET)).toBe(credentials.webhookSecret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
