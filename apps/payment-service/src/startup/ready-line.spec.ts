import { Writable } from 'node:stream';
import { createProcessLogger } from '../logging/process-logger.js';
import { announceReady, readyFacts } from './ready-line.js';

function capture(isTTY: boolean) {
  let text = '';
  const out = { isTTY, write: (t: string) => (text += t) };
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString();
      done();
    },
  });
  return { out, stream, text: () => text };
}

const facts = readyFacts({
  base: 'http://localhost:3000',
  readyInMs: 2100,
  dataDir: '/srv/payments-data',
  database: { embeddedDir: '/srv/payments-data/postgres' },
  dokuBaseUrl: 'http://127.0.0.1:4010',
  dev: {
    simulatorUrl: 'http://127.0.0.1:4010',
    simulatorFile: '/srv/payments-data/dev-simulator.json',
    credentialsFile: '/srv/payments-data/dev-credentials.json',
    serviceApiKey: 'sk_dev_abc',
    adminApiKey: 'ak_dev_def',
  },
});

describe('the ready announcement', () => {
  it('is the plain-text banner on a terminal, naming the real data folder and the keys', () => {
    const c = capture(true);
    announceReady(facts, c.out, createProcessLogger('info', c.stream));
    expect(c.text()).toContain('QRIS payment service ready in 2.1 s');
    expect(c.text()).toContain(
      'Database     embedded PostgreSQL (data under /srv/payments-data/postgres)',
    );
    expect(c.text()).toContain('Service key  sk_dev_abc');
    expect(c.text()).toContain('Demo checkout http://localhost:3000/demo');
    expect(c.text()).not.toContain('{');
  });

  it('is one JSON line with the same facts but the keys elsewhere, even at LOG_LEVEL=warn', () => {
    const c = capture(false);
    announceReady(facts, c.out, createProcessLogger('warn', c.stream));
    const lines = c.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 30,
      context: 'Bootstrap',
      msg: 'QRIS payment service ready in 2.1 s',
      api: 'http://localhost:3000',
      database: 'embedded PostgreSQL (data under /srv/payments-data/postgres)',
      dataDir: '/srv/payments-data',
      credentialsFile: '/srv/payments-data/dev-credentials.json',
    });
    expect(c.text()).not.toMatch(/sk_dev_|ak_dev_/);
  });

  it('says nothing at LOG_LEVEL=silent (unless on a terminal)', () => {
    const c = capture(false);
    announceReady(facts, c.out, createProcessLogger('silent', c.stream));
    expect(c.text()).toBe('');
  });

  it('names DATABASE_URL by host, port and database, never its credentials', () => {
    const f = readyFacts({
      base: 'http://x',
      readyInMs: 1,
      dataDir: '.data',
      database: { url: 'postgres://app:s3cret@db.internal:6432/payments' },
      dokuBaseUrl: 'https://api-sandbox.doku.com',
    });
    expect(f.database).toBe('DATABASE_URL (db.internal:6432/payments)');
    expect(f.doku).toBe('DOKU_BASE_URL https://api-sandbox.doku.com');
    expect(JSON.stringify(f)).not.toContain('s3cret');
  });

  it('says when the embedded database belongs to another process, and where docs and metrics really are', () => {
    const f = readyFacts({
      base: 'http://x',
      readyInMs: 1,
      dataDir: '/d',
      database: { embeddedDir: '/d/postgres', ownerPid: 4242 },
      dokuBaseUrl: 'http://sim',
      links: { docs: 'not served (API_DOCS)', metrics: 'port 9100 /metrics (METRICS_PORT)' },
    });
    expect(f.database).toBe(
      'embedded PostgreSQL of process 4242 (data under /d/postgres; attached, left running at exit)',
    );
    expect(f.docs).toBe('not served (API_DOCS)');
    expect(f.metrics).toBe('port 9100 /metrics (METRICS_PORT)');
    expect(f.admin).toBe('http://x/admin');
  });
});
