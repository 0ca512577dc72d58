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
import {
  DokuCredentialsStatus,
  type DokuCredentialsState,
} from '../gateway/doku-credentials-status.js';
import { DatabaseAvailability } from './database-availability.js';
import { LivenessResponseDto, ReadinessResponseDto } from './dto/health.response.dto.js';

/**
 * What readiness answers: 200 when every check is ok, 503 otherwise. `details` inform and
 * never decide: a DOKU outage or refusal must not take this replica's reads out of rotation.
 */
export interface ReadinessView {
  status: 'ok' | 'unavailable';
  checks: { database: 'ok' | 'unreachable'; migrations: 'ok' | 'pending' | 'unknown' };
  details: { doku: DokuCredentialsState };
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly doku: DokuCredentialsStatus,
    private readonly availability: DatabaseAvailability,
  ) {}

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
    description:
      "`details.doku` is what DOKU last said of this replica's credentials; it never changes the status.",
  })
  @ApiOkResponse({ type: ReadinessResponseDto, description: 'Ready: every check is ok.' })
  @ApiServiceUnavailableResponse({
    type: ReadinessResponseDto,
    description: 'Not ready: the failing check says why.',
    example: {
      status: 'unavailable',
      checks: { database: 'ok', migrations: 'pending' },
      details: { doku: 'ok' },
    },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessView> {
    const checks: ReadinessView['checks'] = { database: 'unreachable', migrations: 'unknown' };
    try {
      await this.dataSource.query('SELECT 1');
      checks.database = 'ok';
      this.availability.reachable();
      checks.migrations = (await this.dataSource.showMigrations()) ? 'pending' : 'ok';
    } catch (err) {
      // What was not confirmed keeps its pessimistic value; an outage is logged once.
      this.availability.report(err);
    }
    const ok = checks.database === 'ok' && checks.migrations === 'ok';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks, details: { doku: this.doku.state } };
  }
}
