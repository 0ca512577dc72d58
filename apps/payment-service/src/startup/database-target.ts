/**
 * Where DATABASE_URL points, for an operator's eyes: `host:port/database`, never the user
 * or the password (a URL that does not parse says so, without echoing it).
 */
export function databaseTarget(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || 'localhost';
    return `${host}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return '(an unparsable URL)';
  }
}
