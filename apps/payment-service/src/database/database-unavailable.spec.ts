import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable.js';

const pgError = (message: string, code?: string) => Object.assign(new Error(message), { code });
const wrapped = (e: Error) => new QueryFailedError('SELECT 1', [], e);

// Which errors mean "PostgreSQL is unreachable" (503 + Retry-After) and which are faults of
// the statement (still a 500, or whatever maps them).
describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      'refused on every address (AggregateError)',
      new AggregateError([pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
    ],
    ['a lost connection', pgError('Connection terminated unexpectedly')],
    ['pool connection timeout', pgError('timeout exceeded when trying to connect')],
    ['connect timeout', pgError('Connection terminated due to connection timeout')],
    [
      'pg_terminate_backend / admin shutdown (57P01)',
      wrapped(pgError('terminating connection due to administrator command', '57P01')),
    ],
    ['crash shutdown (57P02)', wrapped(pgError('terminating connection', '57P02'))],
    ['starting up (57P03)', pgError('the database system is starting up', '57P03')],
    ['connection exception class 08', wrapped(pgError('connection failure', '08006'))],
    ['too many connections', pgError('sorry, too many clients already', '53300')],
    ['as a cause', new Error('load failed', { cause: pgError('x', 'ECONNRESET') })],
  ])('%s: unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', wrapped(pgError('duplicate key value', '23505'))],
    ['a bad value', wrapped(pgError('invalid input syntax for type uuid', '22P02'))],
    ['a NUL in text', wrapped(pgError('invalid byte sequence for encoding "UTF8": 0x00', '22021'))],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'ECONNREFUSED'],
  ])('%s: not unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
