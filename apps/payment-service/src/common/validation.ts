import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { unstorableText } from './validation/storable-text.js';

export interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The one answer to invalid input: VALIDATION_FAILED naming each field and its problems. */
export function validationFailed(details: FieldProblem[]): BadRequestException {
  const summary = details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
  return new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: `The request is invalid. ${summary}`,
    details,
  });
}

/**
 * Nest's pipe, plus one rule for every body and query, whatever its DTO says: no text
 * PostgreSQL cannot store (NUL, lone surrogates), in values or in keys. Checked on the raw
 * input before class-transformer, so no DTO can forget it. Left out: a body declared without
 * a type (`@Body() body: unknown`: DOKU's notify route, which checks its raw bytes itself),
 * and path ids, which every service checks against its id pattern (`INVALID_ORDER_ID`, …).
 */
class StorableInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const untyped = !metadata.metatype || metadata.metatype === Object;
    const checked = metadata.type === 'query' || (metadata.type === 'body' && !untyped);
    if (checked) {
      const problems = unstorableText(value, metadata.data ?? '');
      if (problems.length > 0) throw validationFailed(problems);
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist, reject unknown fields, transform; errors as VALIDATION_FAILED naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new StorableInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validateCustomDecorators: false,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}
