import { readFileSync } from 'node:fs';
import { ENV_VARS } from './env-vars.js';

describe('README configuration table', () => {
  it('documents every environment variable the service reads', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const missing = Object.keys(ENV_VARS).filter((name) => !readme.includes(`| \`${name}\``));
    expect(missing).toEqual([]);
  });
});
