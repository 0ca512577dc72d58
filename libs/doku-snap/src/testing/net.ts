import net, { type AddressInfo } from 'node:net';

/** A loopback URL whose port refuses connections (bound, then closed). */
export async function refusedUrl(path = ''): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}${path}`;
}
