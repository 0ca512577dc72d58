import { jest } from '@jest/globals';
import { type ArgumentsHost, Logger } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

// The error line of a failed request names the request when no per-request log context does
// (LOG_REQUEST_CONTEXT=false), and only then (the context would bind reqId a second time).
describe('AllExceptionsFilter: the error line of a 5xx', () => {
  const hostFor = (sent: { status?: number; body?: unknown }) =>
    ({
      switchToHttp: () => ({
        getRequest: () => ({ id: 'req-42', method: 'GET', url: '/v1/orders' }),
        getResponse: () => {
          const reply = {
            header: () => reply,
            status: (s: number) => ((sent.status = s), reply),
            send: (b: unknown) => ((sent.body = b), reply),
          };
          return reply;
        },
      }),
    }) as unknown as ArgumentsHost;

  afterEach(() => jest.restoreAllMocks());

  it.each([
    { tagRequestId: true, logged: { reqId: 'req-42' } },
    { tagRequestId: false, logged: {} },
  ])('tagRequestId=$tagRequestId', ({ tagRequestId, logged }) => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent: { status?: number; body?: unknown } = {};
    new AllExceptionsFilter({ tagRequestId }).catch(new Error('boom'), hostFor(sent));
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ requestId: 'req-42' });
    expect(error).toHaveBeenCalledTimes(1);
    const [obj] = error.mock.calls[0] as [Record<string, unknown>];
    expect(obj.reqId).toEqual((logged as { reqId?: string }).reqId);
    expect(obj).toMatchObject({ err: expect.any(Error) });
  });
});
