import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { HTTP_ERROR_OPTIONS, installRequestRefusals } from './common/http-level-errors.js';
import { setupApiDocs } from './common/openapi/api-docs.js';
import { createValidationPipe } from './common/validation.js';
import { refuseDeepBodies } from './common/validation/body-depth.hook.js';
import type { ServiceConfig } from './config/app-config.js';
import { DatabaseAvailability } from './health/database-availability.js';
import { FrameworkQuietLogger } from './logging/framework-quiet-logger.js';
import { isProbe } from './logging/logger-options.js';
import { recordHttpMetrics } from './metrics/http-metrics.hook.js';
import { MetricsService } from './metrics/metrics.service.js';
import { registerWebPages } from './web/web-pages.js';
import { registerDemo } from './demo/demo-routes.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the service (not listening yet): the same wiring for `npm start` and the tests. */
export async function createApp(
  config: ServiceConfig,
  options: AppModuleOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // 413, 431, parser 400s and the shutdown 503 in the error contract (common/http-level-errors.ts).
    ...HTTP_ERROR_OPTIONS,
    // A sane incoming X-Request-Id is kept (tracing across services); otherwise a new one.
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      (req as IncomingMessage & { id?: string }).id = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options),
    adapter,
    {
      rawBody: true, // signature checks need the exact bytes DOKU sent
      bufferLogs: true,
      abortOnError: false,
    },
  );
  // Nest's wiring lines (modules, routes) only at debug; a database outage as one state change.
  const database = app.get(DatabaseAvailability);
  app.useLogger(new FrameworkQuietLogger(app.get(Logger), database));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(
    new AllExceptionsFilter({
      tagRequestId: !config.logRequestContext,
      onDatabaseUnavailable: (err) => database.unreachable(err),
    }),
  );

  const fastify = app.getHttpAdapter().getInstance();
  refuseDeepBodies(fastify);
  recordHttpMetrics(fastify, app.get(MetricsService));
  if (config.http.accessLog) {
    // One line per request, the same with or without LOG_REQUEST_CONTEXT; probes and
    // scrapes only with HTTP_ACCESS_LOG_PROBES.
    const probes = config.http.accessLogProbes;
    fastify.addHook('onResponse', async (request, reply) => {
      if (!probes && isProbe(request.url)) return;
      PinoLogger.root.info(
        {
          reqId: request.id,
          req: request.raw,
          res: reply.raw,
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    });
  }
  installRequestRefusals(fastify);

  setupApiDocs(app, config);
  await registerWebPages(app);
  // Dev mode only (config.demo is set beside the in-process simulator): the demo checkout.
  await registerDemo(app, config);
  return app;
}
