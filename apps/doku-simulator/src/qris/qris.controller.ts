import type { FastifyReply } from 'fastify';
import { Controller, Post, Req, Res } from '@nestjs/common';
import { SNAP_PATHS } from '#doku-snap';
import type { RawBodyRequest } from '../snap/raw-json.body-parser.js';
import { SnapGateway } from '../snap/snap-gateway.service.js';
import { GenerateHandler } from './generate.handler.js';
import { QueryHandler } from './query.handler.js';

/** DOKU's QRIS endpoints at DOKU's paths; each is the gateway pipeline around one handler. */
@Controller()
export class QrisController {
  constructor(
    private readonly gateway: SnapGateway,
    private readonly generateHandler: GenerateHandler,
    private readonly queryHandler: QueryHandler,
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
}
