import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnvError, loadSimulatorEnv } from './simulator-env.js';

describe('loadSimulatorEnv', () => {
  it('generates credentials once under SIMULATOR_DATA_DIR and reuses them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-env-'));
    const first = loadSimulatorEnv({ SIMULATOR_DATA_DIR: dir }, [], '/');
    expect(first.generated.map((f) => path.basename(f)).sort()).toEqual(
      [
        'client-id',
        'client-secret',
        'doku-private.pem',
        'doku-public.pem',
        'merchant-private.pem',
        'merchant-public.pem',
      ].sort(),
    );
    expect(statSync(first.files.clientSecret).mode & 0o777).toBe(0o600);
    const again = loadSimulatorEnv(
      { SIMULATOR_DATA_DIR: dir, SIMULATOR_PORT: '0' },
      ['--init-only'],
      '/',
    );
    expect(again.generated).toEqual([]);
    expect(again.initOnly).toBe(true);
    expect(again.options.clients[0]).toEqual(first.options.clients[0]);
    expect(again.options.clients[0].clientSecret).toBe(
      readFileSync(first.files.clientSecret, 'utf8').trim(),
    );
    expect(again.options).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      merchant: { merchantId: '2115' },
      notificationMode: 'asymmetric',
      tokenAnswerStyle: 'sdk',
    });
    expect(
      loadSimulatorEnv(
        { SIMULATOR_DATA_DIR: dir, SIMULATOR_TOKEN_ANSWER_STYLE: 'snap-text' },
        [],
        '/',
      ).options.tokenAnswerStyle,
    ).toBe('snap-text');
  });

  it.each([
    ['SIMULATOR_PORT', '70000'],
    ['SIMULATOR_NOTIFICATION_MODE', 'loud'],
    ['SIMULATOR_TOKEN_ANSWER_STYLE', 'json'],
    ['SIMULATOR_NOTIFICATION_URL', 'not a url'],
    ['SIMULATOR_RETRY_TIME_FACTOR', '-1'],
    ['SIMULATOR_LOG', 'maybe'],
  ])('stops on a bad %s with a message naming it', (name, value) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-env-'));
    expect(() => loadSimulatorEnv({ SIMULATOR_DATA_DIR: dir, [name]: value }, [], '/')).toThrow(
      EnvError,
    );
    expect(() => loadSimulatorEnv({ SIMULATOR_DATA_DIR: dir, [name]: value }, [], '/')).toThrow(
      name,
    );
  });
});
