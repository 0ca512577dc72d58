import { generateKeyPairSync } from 'node:crypto';
import { defaultNmid, resolveOptions, type SimulatorOptions } from './simulator-options.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const base: SimulatorOptions = {
  clients: [
    {
      clientId: 'c',
      clientSecret: 's',
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  ],
  dokuPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

describe('resolveOptions', () => {
  it("fills DOKU's defaults", () => {
    const o = resolveOptions(base);
    expect(o).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      tokenTtlSeconds: 900,
      notificationMode: 'asymmetric',
      notificationRetryTimeFactor: 1,
      referenceNoStyle: 'echo',
      amountStyle: 'sample',
      timestampWindowMs: 300_000,
    });
    expect(o.merchant).toMatchObject({
      merchantId: '2115',
      mcc: '5411',
      criteria: 'UMI',
      nmid: 'ID2020062202115',
    });
    expect(o.dokuPublicKeyPem).toContain('BEGIN PUBLIC KEY');
  });

  it.each<[string, Partial<SimulatorOptions>, RegExp]>([
    ['no clients', { clients: [] }, /clients/],
    [
      'a bad public key',
      { clients: [{ clientId: 'c', clientSecret: 's', publicKeyPem: 'nope' }] },
      /publicKeyPem/,
    ],
    ['a bad private key', { dokuPrivateKeyPem: 'nope' }, /dokuPrivateKeyPem/],
    [
      'a long merchant name',
      { merchant: { merchantId: '1', name: 'x'.repeat(26), city: 'Jakarta', postalCode: '1' } },
      /merchant\.name/,
    ],
    ['a bad notification URL', { notificationUrl: 'ftp://x' }, /notificationUrl/],
    ['a zero token lifetime', { tokenTtlSeconds: 0 }, /tokenTtlSeconds/],
    ['a bad mode', { notificationMode: 'loud' as never }, /notificationMode/],
  ])('refuses %s, naming the option', (_what, override, message) => {
    expect(() => resolveOptions({ ...base, ...override })).toThrow(message);
  });

  it('derives a 15-character NMID from the merchant id', () => {
    expect(defaultNmid('2997')).toBe('ID2020062202997');
    expect(defaultNmid('MALL')).toBe('ID2020062200000');
  });
});
