// Prints the README's configuration table from the one schema (run after `npm run build`):
//   node scripts/config-table.mjs
import { ENV_VARS } from '../dist/apps/payment-service/src/config/env-vars.js';

console.log('| Variable | Default | Meaning |');
console.log('| --- | --- | --- |');
for (const [name, spec] of Object.entries(ENV_VARS)) {
  const variable = '`' + name + '`' + (spec.fileVariant ? ` (or \`${name}_FILE\`)` : '');
  const def = spec.default === undefined ? '—' : '`' + String(spec.default) + '`';
  const doc = spec.doc.replace(/\|/g, '\\|') + (spec.secret ? ' **Secret.**' : '');
  console.log(`| ${variable} | ${def} | ${doc} |`);
}
