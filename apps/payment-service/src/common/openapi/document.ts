import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { requestDtos } from './request-dtos.js';
import { documentValidationRules, schemaNameOf } from './validation-rules.js';

/**
 * The OpenAPI document served at /docs/openapi.json: what @nestjs/swagger scans from the
 * controllers, with each request DTO's rules taken from its validators first.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const dtos = requestDtos(app);
  documentValidationRules(dtos);
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
  refuseUnknownBodyFields(document, new Set([...dtos].map(schemaNameOf)));
  return document;
}

/**
 * The ValidationPipe refuses fields a DTO does not declare (forbidNonWhitelisted): a request
 * body's schema says so with `additionalProperties: false`.
 */
function refuseUnknownBodyFields(document: OpenAPIObject, requestSchemas: Set<string>): void {
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}))
    if (requestSchemas.has(name)) Object.assign(schema, { additionalProperties: false });
}
