// Type-level checks that keep the OpenAPI response classes and the code's own view types
// in step: a field added to a presenter and not to its schema class (or the other way
// round, or with another type) fails `npm run typecheck`.

/** True when A and B are the same type (every field, nested, optional and nullable alike). */
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `{ a } & { b }` as `{ a; b }`, so an intersection compares equal to the class listing both. */
type Flat<T> = T extends object ? { [K in keyof T]: T[K] } : T;

/**
 * `true` when the schema class describes exactly what the code returns; otherwise an object
 * type naming the top-level fields found on one side only (empty when a type differs).
 */
export type SameShape<View, Schema> =
  Equals<Flat<View>, Flat<Schema>> extends true
    ? true
    : {
        schemaClassDiffersFromView: true;
        onlyInView: Exclude<keyof View, keyof Schema>;
        onlyInSchema: Exclude<keyof Schema, keyof View>;
      };

/**
 * Compiles only for `true`: `type _Order = Assert<SameShape<OrderView, OrderResponseDto>>;`
 * (the leading underscore keeps the linter from calling the alias unused).
 */
export type Assert<T extends true> = T;
