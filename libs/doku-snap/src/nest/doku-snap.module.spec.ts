import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DokuSnapClient } from '../client.js';
import { FakeDoku } from '../testing/fake-doku.js';
import { testKeyPair } from '../testing/keys.js';
import { DokuSnapModule } from './doku-snap.module.js';

const { privateKeyPem, publicKeyPem } = testKeyPair();
const creds = { clientId: 'nest-client', clientSecret: 'nest-secret' };

@Injectable()
class ConfigLike {
  constructor(readonly baseUrl: string) {}
}

describe('DokuSnapModule', () => {
  let doku: FakeDoku;
  beforeAll(async () => {
    doku = await new FakeDoku({ ...creds, publicKeyPem }).start();
  });
  afterAll(() => doku.close());

  it('forRoot provides a working client, closed on shutdown', async () => {
    const app = await Test.createTestingModule({
      imports: [
        DokuSnapModule.forRoot({ baseUrl: doku.url, ...creds, privateKeyPem, merchantId: '1' }),
      ],
    }).compile();
    app.enableShutdownHooks();
    const client = app.get(DokuSnapClient);
    expect(client).toBeInstanceOf(DokuSnapClient);
    let closed = 0;
    const close = client.close.bind(client);
    client.close = () => {
      closed += 1;
      close();
    };
    const o = await client.queryQr({ originalPartnerReferenceNo: 'p1' });
    expect(o.kind).toBe('success');
    await app.close();
    expect(closed).toBe(1);
  });

  it('forRootAsync builds the options from injected config', async () => {
    @Module({
      providers: [{ provide: ConfigLike, useValue: new ConfigLike('') }],
      exports: [ConfigLike],
    })
    class ConfigModule {}
    const baseUrl = doku.url;
    const app = await Test.createTestingModule({
      imports: [
        DokuSnapModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigLike],
          useFactory: async (config: ConfigLike) => ({
            baseUrl: config.baseUrl || baseUrl,
            ...creds,
            privateKeyPem,
            merchantId: '1',
          }),
        }),
      ],
    }).compile();
    const o = await app.get(DokuSnapClient).decodeQr({
      partnerReferenceNo: 'd',
      qrContent: '000201',
      scanTime: new Date(),
    });
    expect(o).toMatchObject({ kind: 'success', value: { merchantName: 'Green Pages' } });
    await app.close();
  });
});
