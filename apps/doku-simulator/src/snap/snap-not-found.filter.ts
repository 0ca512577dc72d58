import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the simulator answers on a path it does not serve (DOKU answers SNAP bodies everywhere). */
export const UNKNOWN_PATH_BODY = { responseCode: '4040000', responseMessage: 'Not Found' };

/**
 * A request no route matched gets a SNAP-shaped 404 (`4040000`: no service code applies),
 * not the framework's `{statusCode, message, error}`, so a client that reads `responseCode`
 * on a wrong path sees a SNAP answer. A controller's own 404 (`QR.NOT_FOUND`...) is kept.
 */
@Catch(NotFoundException)
export class SnapNotFoundFilter implements ExceptionFilter {
  catch(exception: NotFoundException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();
    const own = exception.getResponse();
    void res
      .code(404)
      .header('content-type', 'application/json')
      .send(
        JSON.stringify(
          req.is404
            ? UNKNOWN_PATH_BODY
            : typeof own === 'string'
              ? { statusCode: 404, message: own }
              : own,
        ),
      );
  }
}
