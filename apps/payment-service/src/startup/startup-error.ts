/**
 * A start that cannot go on for a reason the operator fixes outside the code (the port is
 * taken, the database cannot be reached): main.ts writes the message as one line on stderr
 * and exits 1, without a stack, like a configuration error. The message names the variable.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** The HTTP server could not listen: a taken port or a forbidden one, said in one line. */
export function listenError(err: unknown, host: string, port: number): StartupError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `PORT=${port} is already in use on ${host} (EADDRINUSE): another process listens there; stop it or set PORT to a free port (HOST=${host}).`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `PORT=${port} on ${host} is not allowed for this user (EACCES): ports below 1024 need privileges; set PORT to 1024 or above.`,
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new StartupError(
      `HOST=${host} is not an address of this machine (EADDRNOTAVAIL): set HOST to one of its interfaces, or 0.0.0.0.`,
    );
  }
  return undefined;
}
