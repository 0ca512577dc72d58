/** The only read of process.env in the service: a snapshot handed to `loadConfig`. */
export function readEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
