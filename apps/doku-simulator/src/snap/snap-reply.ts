// What a SNAP endpoint answers: an HTTP status and a JSON body whose `responseCode` is
// HTTP(3) + service(2) + case(2). Refusals are values, like successes.
import { snapCode, type SnapOperation } from '#doku-snap';

export interface SnapReply {
  status: number;
  body: Record<string, unknown>;
  /** Response headers beyond content-type (the token answers' X-CLIENT-KEY, X-TIMESTAMP). */
  headers?: Record<string, string>;
}

export function snapSuccess(
  op: SnapOperation,
  fields: Record<string, unknown>,
  message = 'Request has been processed successfully',
): SnapReply {
  return {
    status: 200,
    body: { responseCode: snapCode(200, op, '00'), responseMessage: message, ...fields },
  };
}

export function snapFailure(
  status: number,
  op: SnapOperation,
  caseCode: string,
  message: string,
  fields: Record<string, unknown> = {},
): SnapReply {
  return {
    status,
    body: { responseCode: snapCode(status, op, caseCode), responseMessage: message, ...fields },
  };
}

/** SNAP's messages for the cases the simulator answers (BI SNAP response code list). */
export const SnapErrors = {
  badRequest: (op: SnapOperation, detail = 'Bad Request') => snapFailure(400, op, '00', detail),
  invalidFormat: (op: SnapOperation, field: string) =>
    snapFailure(400, op, '01', `Invalid Field Format ${field}`),
  mandatory: (op: SnapOperation, field: string) =>
    snapFailure(400, op, '02', `Invalid Mandatory Field ${field}`),
  unauthorized: (op: SnapOperation, reason: string) =>
    snapFailure(401, op, '00', `Unauthorized. ${reason}`),
  invalidToken: (op: SnapOperation) => snapFailure(401, op, '01', 'Invalid Token (B2B)'),
  invalidCustomerToken: (op: SnapOperation) => snapFailure(401, op, '02', 'Invalid Customer Token'),
  tokenNotFound: (op: SnapOperation) => snapFailure(401, op, '03', 'Token Not Found (B2B)'),
  customerTokenNotFound: (op: SnapOperation) =>
    snapFailure(401, op, '04', 'Customer Token Not Found'),
  expired: (op: SnapOperation) => snapFailure(403, op, '00', 'Transaction Expired'),
  exceedsAmount: (op: SnapOperation) =>
    snapFailure(403, op, '02', 'Exceeds Transaction Amount Limit'),
  notPermitted: (op: SnapOperation) => snapFailure(403, op, '15', 'Transaction Not Permitted'),
  invalidStatus: (op: SnapOperation) => snapFailure(404, op, '00', 'Invalid Transaction Status'),
  notFound: (op: SnapOperation, fields?: Record<string, unknown>) =>
    snapFailure(404, op, '01', 'Transaction Not Found', fields),
  cancelled: (op: SnapOperation) => snapFailure(404, op, '04', 'Transaction Cancelled'),
  invalidMerchant: (op: SnapOperation) => snapFailure(404, op, '08', 'Invalid Merchant'),
  invalidAmount: (op: SnapOperation) => snapFailure(404, op, '13', 'Invalid Amount'),
  inconsistent: (op: SnapOperation) => snapFailure(404, op, '18', 'Inconsistent Request'),
  notAllowed: (op: SnapOperation) =>
    snapFailure(405, op, '01', 'Requested Operation Is Not Allowed'),
  duplicateExternalId: (op: SnapOperation) =>
    snapFailure(409, op, '00', 'Cannot use same X-EXTERNAL-ID in same day'),
  duplicatePartnerReference: (op: SnapOperation) =>
    snapFailure(409, op, '01', 'Duplicate partnerReferenceNo'),
};
