import { snapCode } from '#doku-snap';

/** SNAP-style bodies for DOKU (responseCode = HTTP + service 52 + case). */
export const SNAP_ACK = {
  responseCode: snapCode(200, 'notify', '00'),
  responseMessage: 'Successful',
};

export function snapError(http: number, caseCode: string, message: string) {
  return {
    status: http,
    body: { responseCode: snapCode(http, 'notify', caseCode), responseMessage: message },
  };
}
