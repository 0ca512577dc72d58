import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { refusedUrl } from '../testing/net.js';
import { NodeHttpTransport } from './node-http-transport.js';

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

async function server(behaviour: Behaviour) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const received: { headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: string }[] = [];
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, rawHeaders: req.rawHeaders, body });
      behaviour(req, res, body);
    });
  });
  srv.on('connection', (s: Socket) => {
    connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/p`;
  return {
    url,
    received,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    },
  };
}

const req = (url: string, body = '{"a":1}', timeoutMs = 2000) => ({
  method: 'POST' as const,
  url,
  headers: { 'Content-Type': 'application/json', 'X-EXTERNAL-ID': '123' },
  body,
  timeoutMs,
});

describe('NodeHttpTransport', () => {
  const transport = new NodeHttpTransport();
  afterAll(() => transport.close());

  it('sends the exact bytes and header names, and returns status, headers and body', async () => {
    const s = await server((_q, res) => {
      res.writeHead(201, { 'Retry-After': '3' });
      res.end('{"ok":true}');
    });
    const body = '{"b":"ü  spaced","a":1}';
    const r = await transport.send(req(s.url, body));
    expect(r).toEqual({
      kind: 'response',
      status: 201,
      headers: expect.objectContaining({ 'retry-after': '3' }),
      body: '{"ok":true}',
    });
    expect(s.received[0].body).toBe(body);
    expect(s.received[0].headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(s.received[0].rawHeaders).toContain('X-EXTERNAL-ID');
    await s.close();
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    const s = await server((_q, res) => res.end('{}'));
    for (let i = 0; i < 5; i++) await transport.send(req(s.url));
    expect(s.connections()).toBe(1);
    await s.close();
  });

  it('connection refused: not sent', async () => {
    expect(await transport.send(req(await refusedUrl('/p')))).toEqual({
      kind: 'failure',
      reason: 'connection_failed',
      sent: false,
      code: 'ECONNREFUSED',
    });
  });

  it('no answer within the timeout after sending: timeout, sent', async () => {
    const s = await server(() => {
      /* never answers */
    });
    const started = Date.now();
    const r = await transport.send(req(s.url, '{}', 150));
    expect(r).toEqual({ kind: 'failure', reason: 'timeout', sent: true, code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(s.received).toHaveLength(1);
    await s.close();
  });

  it('the server hangs up without answering: reset, sent', async () => {
    const s = await server((q) => q.socket.destroy());
    expect(await transport.send(req(s.url))).toEqual({
      kind: 'failure',
      reason: 'reset',
      sent: true,
      code: 'ECONNRESET',
    });
    await s.close();
  });

  it('a reset on a reused keep-alive connection is still unknown (the server may have read it)', async () => {
    let n = 0;
    const s = await server((q, res) => {
      n += 1;
      if (n === 1) res.end('{}');
      else q.socket.destroy(); // read the request, then died before answering
    });
    await transport.send(req(s.url));
    expect(await transport.send(req(s.url))).toMatchObject({
      kind: 'failure',
      reason: 'reset',
      sent: true,
    });
    expect(s.received).toHaveLength(2);
    expect(s.connections()).toBe(1);
    await s.close();
  });

  it('the body breaks off half-way: reset, sent', async () => {
    const s = await server((q, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"responseCode":"20');
      setTimeout(() => q.socket.destroy(), 20);
    });
    const r = await transport.send(req(s.url));
    expect(r).toMatchObject({ kind: 'failure', reason: 'reset', sent: true });
    await s.close();
  });

  it('a slow body counts against the timeout', async () => {
    const s = await server((_q, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{');
    });
    expect(await transport.send(req(s.url, '{}', 150))).toMatchObject({
      kind: 'failure',
      reason: 'timeout',
      sent: true,
    });
    await s.close();
  });

  it('refuses an oversized answer', async () => {
    const small = new NodeHttpTransport({ maxResponseBytes: 10 });
    const s = await server((_q, res) => res.end('x'.repeat(100)));
    expect(await small.send(req(s.url))).toMatchObject({ kind: 'failure', sent: true });
    small.close();
    await s.close();
  });
});
