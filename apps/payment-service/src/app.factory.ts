import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { HTTP_ERROR_OPTIONS, installRequestRefusals } from './common/http-level-errors.js';
import { createValidationPipe } from './common/validation.js';
import { refuseDeepBodies } from './common/validation/body-depth.hook.js';
import type { ServiceConfig } from './config/app-config.js';
import { DatabaseAvailability } from './health/database-availability.js';
import { FrameworkQuietLogger } from './logging/framework-quiet-logger.js';
import { isProbe } from './logging/logger-options.js';

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

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('QRIS payment service')
      .setDescription(
        'Take QRIS payments through DOKU SNAP: orders, QR codes, notifications, webhooks, refunds. Shop routes need a service API key, `/admin` routes an admin key.',
      )
      .setVersion('0.1.0')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'Service or admin API key' },
        'apiKey',
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
