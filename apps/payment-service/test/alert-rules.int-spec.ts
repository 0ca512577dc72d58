// The Prometheus alert rules in deploy/prometheus/ are code: `promtool check rules` parses
// them and `promtool test rules` runs their unit tests (alerts.test.yml), here, in npm test.
// promtool comes from Debian's `prometheus` package (.ci/run installs it when missing); a
// machine without it fails this spec with the command that installs it, never skips it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../../deploy/prometheus/', import.meta.url));
const INSTALL =
  'promtool is not installed. It comes with Prometheus: on Debian/Ubuntu run ' +
  '`sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus` ' +
  '(the package puts promtool on the PATH; the prometheus service it adds can stay stopped), ' +
  'or put the promtool binary of a Prometheus release on the PATH.';

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: DIR, encoding: 'utf8', timeout: 60_000 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(INSTALL);
  }
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('Prometheus alert rules (deploy/prometheus)', () => {
  it('parse: promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', 'alerts.yml');
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('fire on what should wake someone and stay silent otherwise: promtool test rules', () => {
    const { status, output } = promtool('test', 'rules', 'alerts.test.yml');
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});
