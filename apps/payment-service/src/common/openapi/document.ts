import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { webhooksSection } from '../../webhooks/webhook-events.openapi.js';
import { ERROR_EXAMPLES, type ErrorCode } from './api-errors.js';
import { EXAMPLE_REQUEST_ID } from './examples.js';
import { errorSchema, errorSchemaName, errorsSchema } from './error-details.js';
import { requestDtos } from './request-dtos.js';
import { documentValidationRules, type JsonSchema, schemaNameOf } from './validation-rules.js';

/**
 * Operation ids as a generated client names its methods. A route missing here gets
 * `<method><Controller>` (e.g. `listAdminUsers`); the openapi e2e spec checks they are unique.
 */
const OPERATION_IDS: Record<string, string> = {
  'OrdersController.create': 'createOrder',
  'OrdersController.list': 'listOrders',
  'OrdersController.get': 'getOrder',
  'OrdersController.events': 'listOrderEvents',
  'OrdersController.png': 'getOrderQrPng',
  'OrdersController.svg': 'getOrderQrSvg',
  'OrdersController.cancel': 'cancelOrder',
  'RefundsController.create': 'refundOrder',
  'RefundsController.list': 'listRefunds',
  'RefundsController.one': 'getRefund',
  'AdminOrdersController.list': 'adminListOrders',
  'AdminOrdersController.get': 'adminGetOrder',
  'AdminOrdersController.cancel': 'adminCancelOrder',
  'AdminOrdersController.qr': 'adminGetOrderQrSvg',
  'AdminSearchController.search': 'adminSearch',
  'RefundQueueController.list': 'adminListRefunds',
  'AdminWebhooksController.list': 'adminListWebhookDeliveries',
  'FinanceController.summary': 'getFinanceSummary',
  'FinanceController.ordersCsv': 'exportOrdersCsv',
  'FinanceController.refundsCsv': 'exportRefundsCsv',
  'RefundApprovalsController.request': 'requestRefundApproval',
  'RefundApprovalsController.list': 'listRefundApprovals',
  'RefundApprovalsController.one': 'getRefundApproval',
  'RefundApprovalsController.approve': 'approveRefundApproval',
  'RefundApprovalsController.reject': 'rejectRefundApproval',
  'AdminSessionController.signIn': 'adminSignIn',
  'AdminSessionController.current': 'adminGetSession',
  'AdminSessionController.signOut': 'adminSignOut',
  'ReconcilerController.reconcile': 'reconcileOrder',
  'AdminWebhooksController.resend': 'resendWebhook',
  'WhoAmIController.service': 'whoAmI',
  'WhoAmIController.admin': 'adminWhoAmI',
  'NotificationsController.notify': 'receiveDokuNotification',
  'QrisController.decode': 'decodeQris',
  'QrisController.pay': 'payQris',
  'QrisController.get': 'getQrisPayment',
  'QrisController.customerToken': 'createCustomerToken',
  'HealthController.live': 'getLiveness',
  'HealthController.ready': 'getReadiness',
};

export function operationId(controller: string, method: string): string {
  const named = OPERATION_IDS[`${controller}.${method}`];
  if (named) return named;
  const resource = controller.replace(/Controller$/, '');
  return `${method}${resource}`;
}

const HEADER_REQUEST_ID = {
  description:
    'The request id: yours when you sent a sane X-Request-Id, otherwise a new one. Also `requestId` in error bodies.',
  schema: { type: 'string' },
};
const HEADER_RETRY_AFTER = {
  description: 'Seconds to wait before sending the same request again (same Idempotency-Key).',
  schema: { type: 'integer', minimum: 0 },
};

/** The codes any route answers with 503 (Retry-After): a stopping instance, no database. */
const UNAVAILABLE_CODES: ErrorCode[] = ['SHUTTING_DOWN', 'DATABASE_UNAVAILABLE'];

/**
 * The OpenAPI 3.1 document served at /docs/openapi.json (docs/openapi.md): what
 * @nestjs/swagger scans from the controllers, with each request DTO's rules taken from its
 * validators first, then what no decorator says: per-code error schemas, the headers every
 * answer carries, `security: []` on open routes, and the webhooks.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const dtos = requestDtos(app);
  documentValidationRules(dtos);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('QRIS payment service')
      .setDescription(
        'Take QRIS payments through DOKU SNAP: orders, QR codes, notifications, webhooks, refunds. Shop routes need a service API key, `/admin` routes an admin key. A typed TypeScript client is in libs/client.',
      )
      .setVersion('0.1.0')
      .setLicense('MIT', 'https://opensource.org/license/mit')
      .addServer('/', 'The service that serves this document (`npm start`: http://localhost:3000)')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          // Opaque keys (sk_… for shops, ak_… for admins), not JWTs.
          bearerFormat: undefined,
          description: 'A service (shop) or admin API key: `Authorization: Bearer <key>`.',
        },
        'apiKey',
      )
      .build(),
    { operationIdFactory: operationId },
  );
  refuseUnknownBodyFields(document, new Set([...dtos].map(schemaNameOf)));
  addAnswersOfEveryRoute(document);
  document.webhooks = webhooksSection() as OpenAPIObject['webhooks'];
  addErrorSchemas(document);
  discriminateInsideNullable(document);
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

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** X-Request-Id on every answer, Retry-After where it is sent, 503, `security: []` on open routes. */
function addAnswersOfEveryRoute(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.security?.length) op.security = [];
      const responses = op.responses as unknown as Record<
        string,
        JsonSchema & { headers?: JsonSchema }
      >;
      if (!responses['503'])
        responses['503'] = {
          description: `${UNAVAILABLE_CODES.join(', ')}: this instance is stopping or its database is unreachable; nothing was done. Send the request again after Retry-After (a create with the same Idempotency-Key).`,
          headers: { 'Retry-After': HEADER_RETRY_AFTER },
          content: {
            'application/json': {
              schema: errorsSchema(UNAVAILABLE_CODES),
              examples: Object.fromEntries(
                UNAVAILABLE_CODES.map((code) => [
                  code,
                  {
                    summary: code,
                    value: { code, ...ERROR_EXAMPLES[code], requestId: EXAMPLE_REQUEST_ID },
                  },
                ]),
              ),
            },
          },
        };
      for (const [status, response] of Object.entries(responses)) {
        const headers = (response.headers ??= {}) as Record<string, unknown>;
        headers['X-Request-Id'] = HEADER_REQUEST_ID;
        const retries =
          status === '503' ||
          JSON.stringify(response.content ?? {}).includes(errorSchemaName('REQUEST_IN_PROGRESS'));
        if (retries) headers['Retry-After'] = HEADER_RETRY_AFTER;
      }
    }
  }
}

/** One component schema per error code the document answers with (`OrderNotFoundError`, …). */
function addErrorSchemas(document: OpenAPIObject): void {
  const text = JSON.stringify(document.paths);
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const [code, example] of Object.entries(ERROR_EXAMPLES) as [
    ErrorCode,
    { message: string },
  ][]) {
    const name = errorSchemaName(code);
    if (text.includes(`"#/components/schemas/${name}"`))
      schemas[name] = errorSchema(code, `${code}: e.g. “${example.message}”`);
  }
  document.components.schemas = schemas;
}

/**
 * A nullable one-of with a discriminator becomes `anyOf: [{ oneOf }, { type: null }]` in
 * 3.1, with the discriminator left beside the anyOf, where it means nothing (and examples
 * fail to validate): it is moved onto the oneOf it describes.
 */
function discriminateInsideNullable(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(discriminateInsideNullable);
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonSchema & { anyOf?: JsonSchema[]; discriminator?: unknown };
  const inner = schema.anyOf?.find((s) => Array.isArray(s.oneOf));
  if (schema.discriminator && inner) {
    inner.discriminator = schema.discriminator;
    delete schema.discriminator;
  }
  Object.values(schema).forEach(discriminateInsideNullable);
}
