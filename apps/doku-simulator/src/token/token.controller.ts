import type { FastifyReply } from 'fastify';
import { Controller, Post, Req, Res } from '@nestjs/common';
import { SNAP_PATHS } from '#doku-snap';
import type { RawBodyRequest } from '../snap/raw-json.body-parser.js';
import { SnapGateway } from '../snap/snap-gateway.service.js';
import { TokenService } from './token.service.js';

@Controller()
export class TokenController {
  constructor(
    private readonly gateway: SnapGateway,
    private readonly tokens: TokenService,
  ) {}

  @Post(SNAP_PATHS.tokenB2b)
  b2b(@Req() req: RawBodyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.gateway.token('tokenB2b', req, res, (r) => this.tokens.b2b(r));
  }

  @Post(SNAP_PATHS.tokenB2b2c)
  b2b2c(@Req() req: RawBodyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.gateway.token('tokenB2b2c', req, res, (r) => this.tokens.b2b2c(r));
  }
}
