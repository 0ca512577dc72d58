// HTTP over a plain TCP socket, for requests fetch() refuses to send: oversized header
// blocks, malformed request lines, broken framing. Writes the bytes as given and parses
// the first answer (status, headers, body) the server writes back.
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  // Test code reads arbitrary fields of the answer.
  body: any;
  text: string;
}

/** Parses the first HTTP/1.1 response in `raw` (Content-Length framed); null if incomplete. */
export function parseRawAnswer(raw: string): RawAnswer | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const rest = raw.slice(end + 4);
  // `raw` holds bytes as latin1 characters: one character per byte.
  if (Number.isFinite(length) && rest.length < length) return null;
  const text = Buffer.from(
    Number.isFinite(length) ? rest.slice(0, length) : rest,
    'latin1',
  ).toString();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body, text };
}

/** Sends `request` (raw bytes) to `baseUrl`'s host and port; resolves with the first answer. */
export function rawHttp(baseUrl: string, request: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    const done = () => {
      const answer = parseRawAnswer(received);
      if (answer) resolve(answer);
      else reject(new Error(`no complete HTTP answer; received: ${JSON.stringify(received)}`));
    };
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw HTTP request timed out')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (parseRawAnswer(received)) {
        socket.destroy();
        done();
      }
    });
    socket.on('error', (err) => (parseRawAnswer(received) ? done() : reject(err)));
    socket.on('end', done);
    socket.write(request);
  });
}
