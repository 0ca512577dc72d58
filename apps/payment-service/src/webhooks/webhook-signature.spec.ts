import { Webhook } from 'standardwebhooks';
import { decodeSecret, signV1, WebhookSigner } from './webhook-signature.js';

// The reference vector of the Standard Webhooks libraries (standard-webhooks/standard-webhooks).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const OTHER = `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`;

describe('webhook signatures (Standard Webhooks v1)', () => {
  it('matches the reference vector', () => {
    expect(signV1(decodeSecret(VECTOR.secret), VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(
      VECTOR.signature,
    );
  });

  it('sends one v1 signature per secret, space-separated, in the configured order', () => {
    const h = new WebhookSigner([VECTOR.secret, OTHER]).headers(
      VECTOR.id,
      VECTOR.timestamp,
      VECTOR.body,
    );
    expect(h['webhook-id']).toBe(VECTOR.id);
    expect(h['webhook-timestamp']).toBe('1614265330');
    const parts = h['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(VECTOR.signature);
    expect(parts[1]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(parts[1]).not.toBe(parts[0]);
  });

  it('is verified by the standardwebhooks package with either secret', () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'order.paid', data: { id: 'ord_x', sequence: 2 } });
    const headers = { ...new WebhookSigner([VECTOR.secret, OTHER]).headers('evt_1', now, body) };
    expect(new Webhook(VECTOR.secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(OTHER).verify(body, headers)).toEqual(JSON.parse(body));
    const stranger = `whsec_${Buffer.from('not-the-shops-secret-at-all-!!!!').toString('base64')}`;
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow(/signature/i);
    expect(() => new Webhook(VECTOR.secret).verify(`${body} `, headers)).toThrow(/signature/i);
  });

  it('refuses a malformed secret without echoing it', () => {
    for (const bad of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_not base64!']) {
      let message = '';
      try {
        decodeSecret(bad);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/whsec_/);
      expect(message).not.toContain(bad.slice(6) || '\u0000');
    }
  });

  it('keeps the keys out of JSON dumps', () => {
    const signer = new WebhookSigner([VECTOR.secret]);
    expect(JSON.stringify({ signer })).toBe('{"signer":"WebhookSigner(1 secrets)"}');
  });
});
