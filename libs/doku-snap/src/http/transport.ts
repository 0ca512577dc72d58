// The HTTP port. A transport sends the exact bytes it is given and never throws for
// network behaviour: it reports either a response or a failure that says whether the
// request may have reached the server (`sent`), which decides retryable vs unknown.

export interface HttpRequest {
  method: 'POST';
  /** Absolute URL (base URL + path). */
  url: string;
  headers: Readonly<Record<string, string>>;
  /** The exact body bytes, serialised once and signed as they are. */
  body: string;
  /** Abandon the request after this many milliseconds. */
  timeoutMs: number;
}

export interface HttpResponse {
  kind: 'response';
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

export type HttpFailureReason =
  /** Could not connect (refused, DNS, unreachable, connect timeout): nothing was sent. */
  | 'connection_failed'
  /** No complete answer within the timeout. */
  | 'timeout'
  /** The connection broke (ECONNRESET, EPIPE, socket hang up). */
  | 'reset'
  | 'error';

export interface HttpFailure {
  kind: 'failure';
  reason: HttpFailureReason;
  /** False only when the request provably never left: then a retry cannot double-apply it. */
  sent: boolean;
  /** An error code such as `ECONNREFUSED` (never a header or body). */
  code: string | null;
}

export type HttpResult = HttpResponse | HttpFailure;

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResult>;
  /** Releases pooled connections. */
  close?(): void;
}
