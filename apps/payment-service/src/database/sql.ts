import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of a statement. TypeORM's `query()` answers UPDATE/DELETE with `[rows, affected]`
 * instead of the rows; this evens that out so `UPDATE ... RETURNING` reads like a SELECT.
 */
export async function rows<T>(
  m: EntityManager | DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
