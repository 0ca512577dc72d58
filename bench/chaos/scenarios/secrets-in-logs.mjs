// Every line any process of the run wrote (each service start, each simulator) against every
// secret and key the run handed out: API keys, the webhook secret, DOKU's client secret, the
// merchant's private key (line by line), the database password, customer credentials.
import { capturedLogs, knownSecrets } from '../lib/stack.mjs';
import { figures } from '../lib/util.mjs';

export function scanLogsForSecrets() {
  const f = figures('secrets in captured logs');
  const started = Date.now();
  for (const { label, output } of capturedLogs) {
    const text = output();
    f.operations += text.split('\n').length;
    for (const [secret, what] of knownSecrets) {
      let at = text.indexOf(secret);
      while (at !== -1) {
        f.secrets++;
        const line = text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at));
        f.note(`${what} in ${label}: ${line.replace(secret, '<SECRET>').slice(0, 200)}`);
        at = text.indexOf(secret, at + secret.length);
      }
    }
  }
  f.faults = knownSecrets.size;
  f.note(`${knownSecrets.size} secrets looked for in ${capturedLogs.length} process outputs`);
  f.durationMs = Date.now() - started;
  return f;
}
