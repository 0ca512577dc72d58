import type { HeadersObject } from '@nestjs/swagger';

/** `Idempotent-Replayed` on an answer given for an Idempotency-Key already seen. */
export const REPLAYED_HEADER: HeadersObject = {
  'Idempotent-Replayed': {
    description:
      '`true` when this answer is for an Idempotency-Key already used with the same body: nothing new was created (the first answer, or the current state of what it created). Absent on a first answer.',
    schema: { type: 'string', enum: ['true'] },
  },
};

/**
 * `Idempotent-Replayed` on an error answer of an idempotent create: `codes` are the ones
 * that are stored final answers (or the state the first request left), so the same key and
 * body get them again, marked as a replay.
 */
export function replayedHeader(codes: readonly string[]): HeadersObject {
  return {
    'Idempotent-Replayed': {
      description: `\`true\` when this answer (${codes.join(', ')}) is for an Idempotency-Key already used with the same body: the first request's final answer given again, nothing was done this time. Absent on a first answer.`,
      schema: { type: 'string', enum: ['true'] },
    },
  };
}

/** `Location` of a 201: the created resource's GET route. */
export function locationHeader(location: string): HeadersObject {
  return {
    Location: {
      description: `The created resource's GET route, relative to the service's base URL: \`${location}\`.`,
      schema: { type: 'string', example: location },
    },
  };
}

/** The headers of a 201 taking an Idempotency-Key: where it is, and whether this was a replay. */
export function createdHeaders(location: string): HeadersObject {
  return { ...locationHeader(location), ...REPLAYED_HEADER };
}
