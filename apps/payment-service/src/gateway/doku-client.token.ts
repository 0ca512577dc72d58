/** The one DOKU client of this replica; its token lives in PostgreSQL, shared by all replicas. */
export const DOKU_CLIENT = Symbol('DOKU_CLIENT');
