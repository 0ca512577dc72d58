// Every migration, in order. TypeORM loads them from this list (ESM-safe, no globs).
import { InitialSchema1764000000000 } from './1764000000000-InitialSchema.js';

export const MIGRATIONS = [InitialSchema1764000000000];
