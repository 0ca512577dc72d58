import type { FastifyReply } from 'fastify';
import { Controller, Post, Req, Res } from '@nestjs/common';
import { SNAP_PATHS } from '#doku-snap';
import type { RawBodyRequest } from '../snap/raw-json.body-parser.js';
import { SnapGateway } from '../snap/snap-gateway.service.js';
import { CancelHandler } from './cancel.handler.js';
import { DecodeHandler } from './decode.handler.js';
import { GenerateHandler } from './generate.handler.js';
import { PaymentHandler } from './payment.handler.js';
import { QueryHandler } from './query.handler.js';
import { RefundHandler } from './refund.handler.js';

/** DOKU's QRIS endpoints at DOKU's paths; each is the gateway pipeline around one handler. */
@Controller()
export class QrisController {
  constructor(
    private readonly gateway: SnapGateway,
    private readonly generateHandler: GenerateHandler,
    private readonly queryHandler: QueryHandler,
    private readonly refundHandler: RefundHandler,
    private readonly decodeHandler: DecodeHandler,
    private readonly cancelHandler: CancelHandler,
    private readonly paymentHandler: PaymentHandler,
  ) {}

  @Post(SNAP_PATHS.generate)
  generate(@Req() req: RawBodyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.gateway.transaction('generate', SNAP_PATHS.generate, req, res, (c) =>
      this.generateHandler.handle(c),
    );
  }

  @Post(SNAP_PATHS.query)
  query(@Req() req: RawBodyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.gateway.transaction('query', SNAP_PATHS.query, req, res, (c) =>
      this.queryHandler.handle(c),
    );
  }

  @Post(SNAP_PATHS.refund)
  refund(@Req() req: RawBodyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.gateway.transaction('refund', SNAP_PATHS.refund, req, res, (c) =>
      this.refundHandler.handle(c),
    );
  }

  @Post(SNAP_PATHS.decode)
  decode(@Req() req: RawBodyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.gateway.transaction('decode', SNAP_PATHS.decode, req, res, (c) =>
      this.decodeHandler.handle(c),
    );
  }

  @Post(SNAP_PATHS.cancel)
  cancel(@Req() req: RawBodyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.gateway.transaction('cancel', SNAP_PATHS.cancel, req, res, (c) =>
      this.cancelHandler.handle(c),
    );
  }

  @Post(SNAP_PATHS.payment)
  payment(@Req() req: RawBodyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.gateway.transaction(
      'payment',
      SNAP_PATHS.payment,
      req,
      res,
      (c) => this.paymentHandler.handle(c),
      true,
    );
  }
}
