import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  formatSnapTimestamp,
  isTimestampWithinWindow,
  SNAP_PATHS,
  snapCode,
  verifyTokenRequest,
} from '#doku-snap';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Inject, Logger } from '@nestjs/common';
import { Public } from '../auth/auth.decorators.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { SnapResponseDto } from './dto/snap-response.dto.js';
import { NotificationsService } from './notifications.service.js';

type RawRequest = FastifyRequest & { rawBody?: Buffer };

/** A SNAP-style refusal DOKU receives, with one example per response code. */
function ApiSnapErrors(status: number, description: string, codes: Record<string, string>) {
  return ApiResponse({
    status,
    type: SnapResponseDto,
    description,
    examples: Object.fromEntries(
      Object.entries(codes).map(([responseCode, responseMessage]) => [
        responseCode,
        { summary: responseMessage, value: { responseCode, responseMessage } },
      ]),
    ),
  });
}

/** DOKU's calls to us, at DOKU's paths. No API key: DOKU's signature is the credential. */
@ApiTags('doku')
@Public()
@Controller()
export class NotificationsController {
  private readonly logger = new Logger(NotificationsController.name);

  constructor(
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Post(SNAP_PATHS.notify)
  @HttpCode(200)
  @ApiOperation({ summary: "DOKU's qr-mpm-notify (signed by DOKU; acknowledged with 2005200)." })
  @ApiOkResponse({
    type: SnapResponseDto,
    description: 'Acknowledged (also for a repeat, or a status that changes nothing).',
  })
  @ApiSnapErrors(400, 'The body is not a qr-mpm-notify body.', {
    '4005201': 'Invalid Field Format: body is not JSON',
    '4005202': 'Invalid Field Format: originalPartnerReferenceNo is missing',
  })
  @ApiSnapErrors(401, 'Not signed by DOKU (signature, timestamp or token).', {
    '4015200': 'Unauthorized. Signature Not Match',
    '4015201': 'Invalid Token (B2B)',
  })
  @ApiSnapErrors(404, 'No order has this originalPartnerReferenceNo.', {
    '4045201': 'Transaction Not Found',
  })
  @ApiSnapErrors(413, 'The body is over 1 MiB.', {
    '4135200': 'Payload Too Large. The body is larger than the 1 MiB this service accepts.',
  })
  @ApiSnapErrors(415, 'The body is not application/json.', {
    '4155200': 'Unsupported Media Type. Send the body as application/json (got text/plain).',
  })
  @ApiSnapErrors(503, 'Our database is unreachable, or this instance is shutting down: retry.', {
    '5035200':
      'Service Unavailable. Our database is unreachable right now; retry in 5 seconds (with the same Idempotency-Key for a create: it never creates twice).',
  })
  async notify(
    @Req() req: RawRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() _body: unknown,
  ): Promise<unknown> {
    const answer = await this.notifications.receive({
      method: req.method,
      path: req.url.split('?')[0],
      rawBody: req.rawBody,
      headers: req.headers,
    });
    void reply.status(answer.status);
    return answer.body;
  }

  /** Symmetric and auto notification modes: DOKU fetches a token from us before notifying. */
  @Post(SNAP_PATHS.tokenB2b)
  @HttpCode(200)
  @ApiExcludeEndpoint()
  token(@Req() req: RawRequest, @Res({ passthrough: true }) reply: FastifyReply): unknown {
    const header = (name: string) =>
      typeof req.headers[name] === 'string' ? (req.headers[name] as string) : '';
    const now = new Date();
    const fail = (status: number, caseCode: string, message: string) => {
      void reply.status(status);
      return { responseCode: snapCode(status, 'tokenB2b', caseCode), responseMessage: message };
    };
    if (this.config.doku.notificationMode === 'asymmetric') return fail(404, '00', 'Not Found');
    const clientKey = header('x-client-key');
    const timestamp = header('x-timestamp');
    if (clientKey !== this.config.doku.clientId)
      return fail(401, '00', 'Unauthorized. Unknown client');
    if (!isTimestampWithinWindow(timestamp, now))
      return fail(401, '00', 'Unauthorized. Invalid Timestamp');
    if (
      !verifyTokenRequest(
        this.config.doku.publicKeyPems,
        clientKey,
        timestamp,
        header('x-signature'),
      )
    ) {
      return fail(401, '00', 'Unauthorized. Signature Not Match');
    }
    const token = this.notifications.issuedTokens.issue(now);
    this.logger.log('issued a notification token to DOKU (token-then-HMAC scheme)');
    return {
      responseCode: snapCode(200, 'tokenB2b', '00'),
      responseMessage: 'Successful',
      accessToken: token.accessToken,
      tokenType: 'Bearer',
      expiresIn: String(token.expiresIn),
      additionalInfo: {},
      timestamp: formatSnapTimestamp(now),
    };
  }
}
