import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { Assert, SameShape } from '../openapi/same-shape.js';
import type { ErrorBody } from '../error-body.js';

/** The one error body of the API (AllExceptionsFilter and every decided error answer). */
@ApiSchema({
  name: 'Error',
  description:
    'Every error: branch on `code`, show `message` to a person, quote `requestId` when reporting a problem.',
})
export class ErrorResponseDto {
  @ApiProperty({
    description: 'Stable machine-readable code; the codes each route answers are listed with it.',
    example: 'ORDER_NOT_FOUND',
  })
  code: string;

  @ApiProperty({
    description: 'What happened and what to do about it, written for a person.',
    example: 'No order ord_8m2k4q7x1v9c3b6n5z0w2e4r.',
  })
  message: string;

  @ApiPropertyOptional({
    description:
      'Facts about this error; the shape depends on `code` (VALIDATION_FAILED: one entry per field; ORDER_NOT_CANCELLABLE: the status; GATEWAY_DECLINED: the FAILED order).',
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
    ],
    example: { status: 'PAID' },
  })
  details?: unknown;

  @ApiProperty({
    description:
      'The request id (also the X-Request-Id header): quote it when reporting a problem.',
    example: '5b0c7f52-3f5e-4d8e-9a51-0f6c2d1e8b47',
  })
  requestId: string;
}

type _ErrorShape = Assert<
  SameShape<Omit<ErrorBody, 'requestId'> & { requestId: string }, ErrorResponseDto>
>;
