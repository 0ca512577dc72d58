// node:http(s) with a keep-alive Agent. Chosen over axios because (a) it sends exactly the
// string we signed, (b) it tells "never connected" (retryable) from "sent, then timed out
// or reset" (unknown), which axios folds into one ECONNABORTED/ETIMEDOUT error, and (c) it
// adds almost nothing per call on top of the socket (see docs/doku-snap-client.md).
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { HttpFailure, HttpRequest, HttpResult, HttpTransport } from './transport.js';

export interface NodeHttpTransportOptions {
  /** Upper bound of sockets per host (default 64). */
  maxSockets?: number;
  /**
   * Idle keep-alive sockets are closed after this many ms (default 4000). Keep it below the
   * server's keep-alive timeout (Node's default is 5 s; a `Keep-Alive: timeout=N` hint from
   * the server lowers it further), so we never write into a socket the server is closing.
   */
  idleSocketTimeoutMs?: number;
  /** Largest response body accepted (default 1 MiB); bigger is a failure. */
  maxResponseBytes?: number;
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export class NodeHttpTransport implements HttpTransport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly maxResponseBytes: number;

  constructor(options: NodeHttpTransportOptions = {}) {
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? 64,
      timeout: options.idleSocketTimeoutMs ?? 4000,
      scheduling: 'lifo' as const,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  }

  send(request: HttpRequest): Promise<HttpResult> {
    return new Promise((resolve) => {
      const url = new URL(request.url);
      const secure = url.protocol === 'https:';
      const body = Buffer.from(request.body, 'utf8');
      let connected = false;
      let done = false;
      const finish = (result: HttpResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(result);
      };
      const fail = (reason: HttpFailure['reason'], sent: boolean, code: string | null): void =>
        finish({ kind: 'failure', reason, sent, code });

      const req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: { ...request.headers, 'Content-Length': String(body.length) },
        agent: secure ? this.httpsAgent : this.httpAgent,
      });

      const timer = setTimeout(() => {
        // Before the connection existed nothing can have reached the server.
        if (connected) fail('timeout', true, 'ETIMEDOUT');
        else fail('connection_failed', false, 'ECONNECTTIMEOUT');
        req.destroy();
      }, request.timeoutMs);

      req.on('socket', (socket: Socket) => {
        const ready = secure ? 'secureConnect' : 'connect';
        if (!socket.connecting) {
          connected = true; // a reused keep-alive socket
        } else {
          socket.once(ready, () => {
            connected = true;
          });
        }
      });

      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) {
            fail('error', true, 'ERESPONSETOOLARGE');
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined)
              headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('aborted', () => fail('reset', true, 'ECONNRESET'));
        res.on('error', (err: NodeJS.ErrnoException) => fail('reset', true, err.code ?? null));
      });

      req.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? null;
        if (!connected && code !== null && NOT_SENT_CODES.has(code)) {
          fail('connection_failed', false, code);
        } else if (!connected && code !== null && RESET_CODES.has(code)) {
          // Reset during connect/TLS handshake: the request never went out.
          fail('connection_failed', false, code);
        } else if (code !== null && RESET_CODES.has(code)) {
          // Even on a reused keep-alive socket (where the server may merely have closed an
          // idle connection) we cannot tell "never read" from "processed, then crashed": a
          // reset is `unknown`. Idle sockets are closed before the server's keep-alive
          // timeout (idleSocketTimeoutMs) to keep that race rare.
          fail('reset', true, code);
        } else {
          fail('error', connected, code);
        }
      });

      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
