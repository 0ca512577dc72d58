// `npm run chaos -- --short` inside `npm test`: the fault suite's short mode (bench/chaos/),
// as its own process tree: the built service (killed with SIGKILL for real), the simulator, an
// embedded PostgreSQL it stops and starts. Every scenario must count zero wrong, lost and
// duplicate outcomes, zero 5xx and zero secrets in the logs. The long mode and its figures:
// docs/reliability.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('../../..', import.meta.url).pathname);

interface ScenarioFigures {
  scenario: string;
  wrong: number;
  lost: number;
  duplicate: number;
  fiveXx: number;
  secrets: number;
  notes: string[];
}

let running: ReturnType<typeof spawn> | null = null;

function runChaosShort(jsonFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // A clean environment: the chaos run starts its own PostgreSQL (it stops and starts it,
    // which the test run's shared server must never be).
    const child = spawn(
      process.execPath,
      ['bench/chaos/chaos.mjs', '--short', '--json', jsonFile],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    running = child;
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => {
      running = null;
      resolve({ code, output });
    });
  });
}

describe('npm run chaos (short mode)', () => {
  let dir: string;
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(build.status).toBe(0);
    dir = mkdtempSync(path.join(tmpdir(), 'qris-chaos-'));
  });
  afterAll(async () => {
    // Timed out: SIGTERM lets the run stop its processes and its PostgreSQL.
    if (running) {
      const child = running;
      await new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts 0 wrong, lost or duplicate outcomes, 0 5xx and 0 secrets in logs in every scenario', async () => {
    const jsonFile = path.join(dir, 'chaos.json');
    const { code, output } = await runChaosShort(jsonFile);
    let report: { results: ScenarioFigures[] };
    try {
      report = JSON.parse(readFileSync(jsonFile, 'utf8'));
    } catch {
      throw new Error(`the chaos run wrote no report (exit ${code}):\n${output}`);
    }
    const figures = report.results.map((r) => ({
      scenario: r.scenario,
      wrong: r.wrong,
      lost: r.lost,
      duplicate: r.duplicate,
      fiveXx: r.fiveXx,
      secrets: r.secrets,
      // What went wrong, when something did (empty otherwise).
      findings: r.wrong + r.lost + r.duplicate + r.fiveXx + r.secrets > 0 ? r.notes : [],
    }));
    expect(figures).toEqual(
      figures.map((f) => ({
        ...f,
        wrong: 0,
        lost: 0,
        duplicate: 0,
        fiveXx: 0,
        secrets: 0,
        findings: [],
      })),
    );
    expect(figures.length).toBeGreaterThanOrEqual(7);
    expect(code).toBe(0);
    // Measured on the 2-core machine with other test runs: ~2 min (docs/reliability.md).
  }, 300_000);
});
