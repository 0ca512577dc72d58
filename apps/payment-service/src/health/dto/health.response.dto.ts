import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import {
  DOKU_CREDENTIALS_STATES,
  type DokuCredentialsState,
} from '../../gateway/doku-credentials-status.js';
import type { HealthController } from '../health.controller.js';

@ApiSchema({ name: 'Liveness', description: 'The process answers.' })
export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';
}

@ApiSchema({ name: 'ReadinessChecks', description: 'Each dependency of readiness.' })
export class ReadinessChecksDto {
  @ApiProperty({ enum: ['ok', 'unreachable'], example: 'ok' })
  database: 'ok' | 'unreachable';

  @ApiProperty({
    enum: ['ok', 'pending', 'unknown'],
    description: 'pending: a migration is not applied yet; unknown: the database did not say.',
    example: 'ok',
  })
  migrations: 'ok' | 'pending' | 'unknown';
}

@ApiSchema({
  name: 'ReadinessDetails',
  description: 'Information that never decides readiness.',
})
export class ReadinessDetailsDto {
  @ApiProperty({
    enum: DOKU_CREDENTIALS_STATES,
    description:
      "What DOKU last said of this replica's credentials: ok (it issued a token or accepted a call), auth_failed (it refused them: see the error log line naming the DOKU_* variables), unreachable (no answer since the start; asked again in the background), unknown (not asked yet).",
    example: 'ok',
  })
  doku: DokuCredentialsState;
}

@ApiSchema({
  name: 'Readiness',
  description: 'Ready to serve: 200 when every check is ok, 503 otherwise (same body).',
})
export class ReadinessResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'], example: 'ok' })
  status: 'ok' | 'unavailable';

  @ApiProperty({ type: () => ReadinessChecksDto })
  checks: ReadinessChecksDto;

  @ApiProperty({ type: () => ReadinessDetailsDto })
  details: ReadinessDetailsDto;
}

type _Live = Assert<SameShape<ReturnType<HealthController['live']>, LivenessResponseDto>>;
type _Ready = Assert<
  SameShape<Awaited<ReturnType<HealthController['ready']>>, ReadinessResponseDto>
>;
