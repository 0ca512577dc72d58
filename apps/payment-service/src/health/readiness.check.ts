import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service.js';
import { DatabaseAvailability } from './database-availability.js';

export interface ReadinessChecks {
  database: 'ok' | 'unreachable';
  migrations: 'ok' | 'pending' | 'unknown';
}

/**
 * What readiness checks, for `/health/ready` and for `service_ready` (computed when
 * Prometheus scrapes, so an alert sees what the load balancer's probe sees).
 */
@Injectable()
export class ReadinessCheck {
  constructor(
    private readonly dataSource: DataSource,
    metrics: MetricsService,
    private readonly availability: DatabaseAvailability,
  ) {
    const check = () => this.check();
    new Gauge({
      name: 'service_ready',
      help: '1 when /health/ready would answer 200 (the database answers, every migration is applied), 0 otherwise.',
      registers: [metrics.registry],
      async collect() {
        const checks = await check();
        this.set(ReadinessCheck.ok(checks) ? 1 : 0);
      },
    });
  }

  static ok(checks: ReadinessChecks): boolean {
    return checks.database === 'ok' && checks.migrations === 'ok';
  }

  async check(): Promise<ReadinessChecks> {
    const checks: ReadinessChecks = { database: 'unreachable', migrations: 'unknown' };
    try {
      await this.dataSource.query('SELECT 1');
      checks.database = 'ok';
      this.availability.reachable();
      checks.migrations = (await this.dataSource.showMigrations()) ? 'pending' : 'ok';
    } catch (err) {
      // What was not confirmed keeps its pessimistic value; an outage is logged once.
      this.availability.report(err);
    }
    return checks;
  }
}
