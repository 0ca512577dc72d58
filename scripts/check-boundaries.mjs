// Dependency boundaries (the architecture's rules of thumb), checked on every `npm test`:
//  - libs/* never import from apps/* (nor through #doku-simulator), tests excepted;
//  - a `domain/` folder imports neither @nestjs/* nor typeorm (pure core);
//  - libs/* know nothing of the service's tables: no typeorm, no pg.
// Fails with one line per violation: file, import, rule.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const rules = [
  {
    name: 'libs must not import apps',
    // Library code only: a library's integration tests may start the simulator app.
    applies: (file) => file.startsWith('libs/') && !/^libs\/[^/]+\/test\//.test(file),
    forbidden: (spec, resolved) =>
      spec === '#doku-simulator' || (resolved ?? '').startsWith('apps/'),
  },
  {
    name: 'libs know nothing of the database',
    applies: (file) => file.startsWith('libs/'),
    forbidden: (spec) => spec === 'typeorm' || spec === 'pg' || spec.startsWith('@nestjs/typeorm'),
  },
  {
    name: 'the example shop uses only the client',
    applies: (file) => file.startsWith('apps/example-shop/src/'),
    forbidden: (spec, resolved) =>
      resolved !== undefined
        ? !resolved.startsWith('apps/example-shop/') && !resolved.startsWith('libs/client/')
        : spec.startsWith('#') || spec.startsWith('@nestjs/') || spec === 'typeorm',
  },
  {
    name: 'domain/ is pure: no @nestjs or typeorm',
    applies: (file) => file.split('/').includes('domain'),
    forbidden: (spec) => spec.startsWith('@nestjs/') || spec === 'typeorm' || spec === 'pg',
  },
];

const violations = [];
let files = 0;
for (const top of ['apps', 'libs']) {
  for (const abs of walk(path.join(root, top))) {
    files++;
    const file = path.relative(root, abs).split(path.sep).join('/');
    const text = readFileSync(abs, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      const resolved = spec.startsWith('.')
        ? path
            .relative(root, path.resolve(path.dirname(abs), spec))
            .split(path.sep)
            .join('/')
        : undefined;
      for (const rule of rules) {
        if (rule.applies(file) && rule.forbidden(spec, resolved))
          violations.push(`${file}: imports '${spec}' (${rule.name})`);
      }
    }
  }
}

if (violations.length > 0) {
  console.error(
    `Dependency boundaries broken (${violations.length}):\n${violations.map((v) => `  - ${v}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`Dependency boundaries hold (${files} files checked).`);
