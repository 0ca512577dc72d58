// `npm run simulate:pay -- <referenceNo|qrContent> [--amount 1200.00] [--issuer GOPAY] [--customer "BUDI"] [--force]`
// Pays a QR on a running simulator, as a customer's banking app would; the merchant
// receives the notification. Which simulator: DOKU_SIMULATOR_URL when set; otherwise the
// one `npm start` runs in dev mode (its URL saved in DATA_DIR/dev-simulator.json, DATA_DIR
// defaulting to .data), then the standalone one (http://127.0.0.1:SIMULATOR_PORT, 4010).
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Args {
  target: string;
  body: Record<string, unknown>;
}

const USAGE =
  'usage: simulate:pay -- <referenceNo|qrContent> [--amount 1200.00] [--issuer BCA] [--customer NAME] [--force]';

function parseArgs(argv: string[]): Args {
  const body: Record<string, unknown> = {};
  let target: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--amount') body.amount = value();
    else if (a === '--issuer') body.issuer = value();
    else if (a === '--customer') body.customerName = value();
    else if (a === '--force') body.force = true;
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (target === undefined) target = a;
    else throw new Error(`one QR at a time\n${USAGE}`);
  }
  if (!target) throw new Error(USAGE);
  return { target, body };
}

/** A QRIS payload starts with the format indicator 000201; a referenceNo never does. */
function isQrContent(target: string): boolean {
  return target.startsWith('000201') && target.length > 40;
}

/** The dev simulator's URL that `npm start` saved, if any. */
function devSimulatorUrl(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  try {
    const file = path.resolve(cwd, env.DATA_DIR || '.data', 'dev-simulator.json');
    const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown };
    return typeof url === 'string' && /^https?:\/\//.test(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Simulators to try, in order: an explicit URL alone, else dev mode's, then the standalone one. */
function simulatorCandidates(env: NodeJS.ProcessEnv, cwd: string): string[] {
  if (env.DOKU_SIMULATOR_URL) return [env.DOKU_SIMULATOR_URL.replace(/\/$/, '')];
  const standalone = `http://127.0.0.1:${env.SIMULATOR_PORT || '4010'}`;
  const dev = devSimulatorUrl(env, cwd);
  return dev && dev !== standalone ? [dev.replace(/\/$/, ''), standalone] : [standalone];
}

async function main(): Promise<void> {
  const candidates = simulatorCandidates(process.env, process.cwd());
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const body = isQrContent(args.target) ? { ...args.body, qrContent: args.target } : args.body;
  let res: Response | undefined;
  const unreachable: string[] = [];
  for (const base of candidates) {
    const url = isQrContent(args.target)
      ? `${base}/simulator/v1/pay`
      : `${base}/simulator/v1/qris/${encodeURIComponent(args.target)}/pay`;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      break;
    } catch (e) {
      // Not reached (nothing was paid): try the next one.
      unreachable.push(`${base} (${(e as Error).message})`);
    }
  }
  if (!res) {
    console.error(
      `cannot reach a simulator: ${unreachable.join(', ')}; start one (npm start or npm run simulator) or set DOKU_SIMULATOR_URL`,
    );
    process.exit(1);
  }
  const answer = (await res.json().catch(() => ({}))) as Record<string, any>;
  if (!res.ok) {
    console.error(`refused (HTTP ${res.status}): ${answer.message ?? JSON.stringify(answer)}`);
    process.exit(1);
  }
  const p = answer.payment ?? {};
  console.log(
    `paid ${answer.partnerReferenceNo} (referenceNo ${answer.referenceNo}): Rp ${(p.amountMinor / 100).toFixed(2)} by ${p.issuerName}, approval ${p.approvalCode}`,
  );
}

void main();
