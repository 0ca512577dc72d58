// SNAP responseCode = HTTP status (3) + service code (2) + case (2), e.g. `4045101`.
// DOKU sends it as a string or, in some samples, as a number: both are read here.

export interface ResponseCodeParts {
  /** The 7-digit code as a string. */
  code: string;
  /** The HTTP status the code carries (its first three digits). */
  status: number;
  /** The two-digit SNAP service code (`47` generate, `51` query, ...). */
  service: string;
  /** The two-digit case (`00`, `01`, ...). */
  caseCode: string;
}

/** Reads a responseCode (string or number) into its parts; null when it is not 7 digits. */
export function parseResponseCode(value: unknown): ResponseCodeParts | null {
  let code: string;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 1000000 || value > 9999999) return null;
    code = String(value);
  } else if (typeof value === 'string') {
    code = value.trim();
  } else {
    return null;
  }
  if (!/^[1-5]\d{6}$/.test(code)) return null;
  return {
    code,
    status: Number(code.slice(0, 3)),
    service: code.slice(3, 5),
    caseCode: code.slice(5, 7),
  };
}
