import { redactUrlCredentials } from './url-credentials.js';

// The scrubber runs on each serialized JSON log line (pino's streamWrite hook).
describe('redactUrlCredentials', () => {
  it.each([
    ['/admin/v1/me?apiKey=ak_live_123', '/admin/v1/me?apiKey=[redacted]'],
    ['/x?a=1&api_key=s3cr3t&limit=5', '/x?a=1&api_key=[redacted]&limit=5'],
    ['/x?access_token=abc#frag', '/x?access_token=[redacted]#frag'],
    ['/x?key=k&token=t&secret=s', '/x?key=[redacted]&token=[redacted]&secret=[redacted]'],
    [
      '/x?password=p&Signature=g&X-Amz-Credential=c',
      '/x?password=[redacted]&Signature=[redacted]&X-Amz-Credential=[redacted]',
    ],
    ['/x?authCode=a&sig=b&code=c', '/x?authCode=[redacted]&sig=[redacted]&code=[redacted]'],
    ['/x?api%5Fkey=s3cr3t', '/x?api%5Fkey=[redacted]'],
    ['/x?status=PAID&limit=5&cursor=abc', '/x?status=PAID&limit=5&cursor=abc'],
    ['postgres://app:pw@db:5432/x', 'postgres://[redacted]@db:5432/x'],
    ['https://ghp_token@github.com/a', 'https://[redacted]@github.com/a'],
    ['https://shop.example/hook', 'https://shop.example/hook'],
  ])('%s', (input, expected) => {
    expect(redactUrlCredentials(input)).toBe(expected);
  });

  it('keeps a JSON line valid, escapes included', () => {
    const line = JSON.stringify({ url: '/x?token=a"b\\c&limit=1', msg: 'see http://u:p@h/' });
    const out = redactUrlCredentials(line);
    expect(JSON.parse(out)).toEqual({
      url: '/x?token=[redacted]&limit=1',
      msg: 'see http://[redacted]@h/',
    });
  });
});
