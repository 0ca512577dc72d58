import { STATUS_CODES } from 'node:http';
import { SNAP_PATHS, snapCode, type SnapOperation } from '#doku-snap';

/**
 * DOKU's calls to us (`notifications.controller.ts`). DOKU reads `responseCode` and
 * `responseMessage`, never our `{ code, message }`, so whatever refuses a request on these
 * paths (the JSON parser, the body limit, the content-type check, the HTTP parser, a
 * shutdown, the database) answers in SNAP's shape.
 */
const SNAP_ROUTES = new Map<string, SnapOperation>([
  [SNAP_PATHS.notify, 'notify'],
  [SNAP_PATHS.tokenB2b, 'tokenB2b'],
]);

export interface SnapErrorBody {
  responseCode: string;
  responseMessage: string;
}

/** The SNAP operation served at this URL (query string ignored), if it is one of DOKU's. */
export function snapOperationOf(url: string): SnapOperation | undefined {
  return SNAP_ROUTES.get(url.split('?')[0]);
}

/**
 * An error of our contract, said the SNAP way: `HTTP status + service code + case`, and
 * SNAP's title for the status before our message. Body that is not JSON is SNAP's case 01
 * ("Invalid Field Format"); anything else is case 00 (SNAP's generic case of each status).
 */
export function toSnapError(
  op: SnapOperation,
  status: number,
  error: { code: string; message: string },
): SnapErrorBody {
  if (error.code === 'MALFORMED_JSON') {
    return {
      responseCode: snapCode(status, op, '01'),
      responseMessage: `Invalid Field Format: ${error.message}`,
    };
  }
  const title = status === 500 ? 'General Error' : (STATUS_CODES[status] ?? 'Error');
  return {
    responseCode: snapCode(status, op, '00'),
    responseMessage: `${title}. ${error.message}`,
  };
}
