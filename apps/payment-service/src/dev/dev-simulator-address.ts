// Dev mode keeps the in-process simulator where tools can find it: its URL is saved in
// DATA_DIR/dev-simulator.json, reused as the port of the next start, and read by
// `npm run simulate:pay` when no DOKU_SIMULATOR_URL is set.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEV_SIMULATOR_FILE = 'dev-simulator.json';

export function devSimulatorFile(dataDir: string): string {
  return path.resolve(dataDir, DEV_SIMULATOR_FILE);
}

/** The port the dev simulator had last time, or undefined. */
export function savedDevSimulatorPort(dataDir: string): number | undefined {
  const file = devSimulatorFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown };
    const port = typeof url === 'string' ? Number(new URL(url).port) : NaN;
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined; // a damaged file: a free port this time, a good file afterwards
  }
}

export function saveDevSimulatorUrl(dataDir: string, url: string): string {
  const file = devSimulatorFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ url }, null, 2) + '\n');
  renameSync(temp, file);
  return file;
}
