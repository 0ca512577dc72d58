// A test shop backend: receives webhooks over real HTTP and keeps them for assertions.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  json: {
    type: string;
    timestamp: string;
    data: Record<string, unknown> & { id: string; sequence: number; status: string };
  };
}

export interface ShopServer {
  url: string;
  received: ReceivedWebhook[];
  /** Answer this HTTP status (default 200). */
  respondWith(status: number): void;
  close(): Promise<void>;
}

export async function startShopServer(): Promise<ShopServer> {
  const received: ReceivedWebhook[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (status >= 200 && status < 300)
        received.push({ headers: req.headers, body, json: JSON.parse(body) });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/payments`,
    received,
    respondWith: (s) => {
      status = s;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
