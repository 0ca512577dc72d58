// A tiny in-process DOKU for the client's unit specs: real HTTP on 127.0.0.1, real
// signature checks (with this library's verifiers), scriptable answers per path. The full
// sandbox is apps/doku-simulator; this only exists so unit specs need nothing else.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifySymmetric, verifyTokenRequest } from '../signature.js';
import { SNAP_PATHS } from '../paths.js';

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Header names exactly as the client wrote them. */
  rawHeaderNames: string[];
  rawBody: string;
  /** For QR calls: the bearer token was one we issued and still valid. */
  tokenValid: boolean;
  /** For QR calls: X-SIGNATURE matched HMAC over the raw body; for token calls: RSA. */
  signatureValid: boolean;
}

export type Reply =
  | { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Accept the request and never answer. */
  | { hang: true }
  /** Destroy the socket without answering. */
  | { destroy: true };

export type Handler = (req: RecordedRequest, n: number) => Reply | undefined;

export interface FakeDokuOptions {
  clientId: string;
  clientSecret: string;
  publicKeyPem: string;
  /** `expiresIn` as DOKU sends it: a string (default "900") or a number. */
  expiresIn?: string | number;
  /** Delay before answering a token request (ms). */
  tokenDelayMs?: number;
}

const SERVICE: Record<string, string> = {
  [SNAP_PATHS.generate]: '47',
  [SNAP_PATHS.query]: '51',
  [SNAP_PATHS.refund]: '78',
  [SNAP_PATHS.decode]: '48',
  [SNAP_PATHS.cancel]: '77',
  [SNAP_PATHS.payment]: '50',
};

export class FakeDoku {
  readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly validTokens = new Set<string>();
  private tokenCounter = 0;
  private readonly handlers = new Map<string, Handler>();
  private readonly counts = new Map<string, number>();
  /** Reply for token requests instead of issuing one (when set). */
  tokenReply: Reply | null = null;
  url = '';

  constructor(private readonly options: FakeDokuOptions) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', (s: Socket) => {
      this.connectionCount += 1;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Connections accepted so far (keep-alive reuses them). */
  connectionCount = 0;

  on(path: string, handler: Handler): void {
    this.handlers.set(path, handler);
  }

  /** Makes every token issued so far invalid (as if DOKU expired them early). */
  revokeAll(): void {
    this.validTokens.clear();
  }

  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/authorization/'));
  }

  qrRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !r.path.startsWith('/authorization/'));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      const names: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) names.push(req.rawHeaders[i]);
      const h = (name: string) => String(req.headers[name] ?? '');
      let recorded: RecordedRequest;
      if (path.startsWith('/authorization/')) {
        recorded = {
          path,
          headers: req.headers,
          rawHeaderNames: names,
          rawBody,
          tokenValid: true,
          signatureValid:
            h('x-client-key') === this.options.clientId &&
            verifyTokenRequest(
              this.options.publicKeyPem,
              h('x-client-key'),
              h('x-timestamp'),
              h('x-signature'),
            ),
        };
      } else {
        const token = h('authorization').replace(/^Bearer /, '');
        recorded = {
          path,
          headers: req.headers,
          rawHeaderNames: names,
          rawBody,
          tokenValid: this.validTokens.has(token),
          signatureValid: verifySymmetric({
            method: req.method ?? '',
            path,
            accessToken: token,
            body: rawBody,
            timestamp: h('x-timestamp'),
            clientSecret: this.options.clientSecret,
            signature: h('x-signature'),
          }),
        };
      }
      this.requests.push(recorded);
      const n = (this.counts.get(path) ?? 0) + 1;
      this.counts.set(path, n);
      const reply = this.reply(recorded, n);
      if ('hang' in reply) return;
      if ('destroy' in reply) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
        res.end(text);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  }

  private reply(r: RecordedRequest, n: number): Reply {
    if (r.path === SNAP_PATHS.tokenB2b || r.path === SNAP_PATHS.tokenB2b2c) {
      if (this.tokenReply) return this.tokenReply;
      const service = r.path === SNAP_PATHS.tokenB2b ? '73' : '74';
      if (!r.signatureValid) {
        return {
          status: 401,
          body: { responseCode: `401${service}00`, responseMessage: 'Unauthorized. Signature' },
        };
      }
      this.tokenCounter += 1;
      const token = `tok-${this.tokenCounter}-${'x'.repeat(20)}`;
      this.validTokens.add(token);
      const body =
        service === '73'
          ? {
              responseCode: '2007300',
              responseMessage: 'Successful',
              accessToken: token,
              tokenType: 'Bearer',
              expiresIn: this.options.expiresIn ?? '900',
              additionalInfo: {},
            }
          : {
              responseCode: '2007400',
              responseMessage: 'Successful',
              accessToken: `cust-${token}`,
              tokenType: 'Bearer',
              accessTokenExpiryTime: '2030-01-01T00:15:00+07:00',
              refreshToken: `refresh-${token}`,
              refreshTokenExpiryTime: '2030-01-02T00:00:00+07:00',
            };
      return { status: 200, body, delayMs: this.options.tokenDelayMs };
    }
    const service = SERVICE[r.path] ?? '00';
    if (!r.tokenValid) {
      return {
        status: 401,
        body: { responseCode: `401${service}01`, responseMessage: 'Invalid Token (B2B)' },
      };
    }
    if (!r.signatureValid) {
      return {
        status: 401,
        body: { responseCode: `401${service}00`, responseMessage: 'Unauthorized. Signature' },
      };
    }
    const custom = this.handlers.get(r.path)?.(r, n);
    if (custom) return custom;
    return { status: 200, body: defaultSuccess(r) };
  }
}

function defaultSuccess(r: RecordedRequest): unknown {
  const req = JSON.parse(r.rawBody) as Record<string, any>;
  const ok = (service: string) => ({
    responseCode: `200${service}00`,
    responseMessage: 'Request has been processed successfully',
  });
  switch (r.path) {
    case SNAP_PATHS.generate:
      return {
        ...ok('47'),
        referenceNo: `ref-${req.partnerReferenceNo}`,
        partnerReferenceNo: req.partnerReferenceNo,
        qrContent: SAMPLE_QR,
        terminalId: req.terminalId,
        additionalInfo: { validityPeriod: req.validityPeriod },
      };
    case SNAP_PATHS.query:
      return {
        ...ok('51'),
        originalReferenceNo: req.originalReferenceNo,
        originalPartnerReferenceNo: req.originalPartnerReferenceNo,
        serviceCode: '51',
        latestTransactionStatus: '03',
        transactionStatusDesc: 'Pending',
      };
    case SNAP_PATHS.refund:
      return {
        ...ok('78'),
        originalPartnerReferenceNo: req.originalPartnerReferenceNo,
        refundNo: 'R1',
        partnerRefundNo: req.partnerRefundNo,
        refundAmount: req.refundAmount,
        refundTime: '2024-03-01T10:00:00+07:00',
      };
    case SNAP_PATHS.decode:
      return {
        ...ok('48'),
        merchantName: 'Green Pages',
        partnerReferenceNo: req.partnerReferenceNo,
      };
    case SNAP_PATHS.cancel:
      return {
        ...ok('77'),
        originalPartnerReferenceNo: req.originalPartnerReferenceNo,
        cancelTime: '2024-03-01T10:00:00+07:00',
      };
    case SNAP_PATHS.payment:
      return {
        ...ok('50'),
        referenceNo: 'pay-1',
        partnerReferenceNo: req.partnerReferenceNo,
        amount: req.amount,
        additionalInfo: { approvalCode: 328580 },
      };
    default:
      return { responseCode: '4040000', responseMessage: 'Not found' };
  }
}

/** DOKU's sample qrContent from the seed page (CRC F6EA). */
export const SAMPLE_QR =
  '00020101021226530012COM.DOKU.WWW0118936008990000002997020429970303UMI51440014ID.CO.QRIS.WWW0215ID20200622029970303UMI52045411530336054071200.255502025606500.525802ID5911Green Pages6007Jakarta61051312062430703K455032a98757c8dbc6434ab5dd4c55d9092d9a6304F6EA';
