/**
 * Credentials written into URLs, scrubbed from every log line: a key pasted into a query
 * string (`/admin/v1/me?apiKey=…`, `?access_token=…`) or userinfo (`postgres://user:pw@host`,
 * `https://token@host`). Header redaction (logger-options.ts) cannot see these: they travel
 * inside strings (the access line's URL, an error message). The parameter names stay, so a
 * reader still sees that a key was sent where it does not belong.
 */

/** Query parameter names that carry a secret (matched case-insensitively, anywhere in the name). */
const CREDENTIAL_NAME =
  /key|token|secret|passw|pwd|signature|credential|auth|session|cookie|jwt|bearer|^sig$|^code$/i;

// `?name=value` or `&name=value` (or `;`) inside a JSON string: the value ends at the next
// separator, whitespace or the string's closing quote; JSON escapes (`\"`) are part of it.
const QUERY_PARAM = /([?&;])([^=&#\s"\\?]{1,200})=((?:[^&#\s"\\]|\\.)*)/g;
// `scheme://userinfo@`: everything before the @ of an authority is a credential.
const USERINFO = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^/\s"@?#]+@/gi;

export const REDACTED = '[redacted]';

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** The text with every credential-looking query value and every URL userinfo replaced. */
export function redactUrlCredentials(text: string): string {
  let out = text;
  if (out.includes('://')) out = out.replace(USERINFO, `$1${REDACTED}@`);
  if (out.includes('=')) {
    out = out.replace(QUERY_PARAM, (whole, sep: string, name: string, value: string) =>
      value && CREDENTIAL_NAME.test(decodedName(name)) ? `${sep}${name}=${REDACTED}` : whole,
    );
  }
  return out;
}
