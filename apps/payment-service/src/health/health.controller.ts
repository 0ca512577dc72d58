import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { LivenessResponseDto, ReadinessResponseDto } from './dto/health.response.dto.js';

/** What readiness answers (200 when every check is ok, 503 otherwise). */
export interface ReadinessView {
  status: 'ok' | 'unavailable';
  checks: { database: 'ok' | 'unreachable'; migrations: 'ok' | 'pending' | 'unknown' };
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers.' })
  @ApiOkResponse({ type: LivenessResponseDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers and every migration is applied (503 otherwise).',
  })
  @ApiOkResponse({ type: ReadinessResponseDto, description: 'Ready: every check is ok.' })
  @ApiServiceUnavailableResponse({
    type: ReadinessResponseDto,
    description: 'Not ready: the failing check says why.',
    example: { status: 'unavailable', checks: { database: 'ok', migrations: 'pending' } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessView> {
    const checks: ReadinessView['checks'] = { database: 'unreachable', migrations: 'unknown' };
    try {
      await this.dataSource.query('SELECT 1');
      checks.database = 'ok';
      checks.migrations = (await this.dataSource.showMigrations()) ? 'pending' : 'ok';
    } catch {
      // What was not confirmed keeps its pessimistic value.
    }
    const ok = checks.database === 'ok' && checks.migrations === 'ok';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
