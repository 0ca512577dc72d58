import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { buildOpenApiDocument } from './common/openapi/document.js';
import { HTTP_ERROR_OPTIONS, installRequestRefusals } from './common/http-level-errors.js';
import { createValidationPipe } from './common/validation.js';
import { refuseDeepBodies } from './common/validation/body-depth.hook.js';
import type { ServiceConfig } from './config/app-config.js';
import { QUIET_URLS } from './logging/logger-options.js';

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
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter({ tagRequestId: !config.logRequestContext }));

  const fastify = app.getHttpAdapter().getInstance();
  refuseDeepBodies(fastify);
  if (config.http.accessLog) {
    // One line per request, the same with or without LOG_REQUEST_CONTEXT.
    fastify.addHook('onResponse', async (request, reply) => {
      if (QUIET_URLS.has(request.url)) return;
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

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
