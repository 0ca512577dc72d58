// Every line any process of the run wrote (each service start, each simulator) against every
// secret and key the run handed out: API keys, the webhook secret, DOKU's client secret, the
// merchant's private key (line by line), the database password, customer credentials.
import { findSecrets } from '../lib/checks.mjs';
import { capturedLogs, knownSecrets } from '../lib/stack.mjs';
import { figures } from '../lib/util.mjs';

export function scanLogsForSecrets() {
  const f = figures('secrets in captured logs');
  const started = Date.now();
  const outputs = capturedLogs.map(({ label, output }) => ({ label, text: output() }));
  for (const { text } of outputs) f.operations += text.split('\n').length;
  for (const { what, label, line } of findSecrets(outputs, knownSecrets)) {
    f.secrets++;
    f.note(`${what} in ${label}: ${line}`);
  }
  f.faults = knownSecrets.size;
  f.note(`${knownSecrets.size} secrets looked for in ${capturedLogs.length} process outputs`);
  f.durationMs = Date.now() - started;
  return f;
}
