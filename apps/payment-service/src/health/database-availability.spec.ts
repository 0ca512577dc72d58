import { pointsElsewhere, unavailableReason } from './database-availability.js';

const refused = (port: number) =>
  Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), {
    code: 'ECONNREFUSED',
    address: '127.0.0.1',
    port,
  });

describe('database availability helpers', () => {
  it("tells a refused connection to another server from the database's", () => {
    expect(pointsElsewhere(refused(5432), 5432)).toBe(false);
    expect(pointsElsewhere(refused(8080), 5432)).toBe(true);
    expect(pointsElsewhere(new AggregateError([refused(8080)]), 5432)).toBe(true);
    // No port to judge by (pg's own messages, SQLSTATEs): the database's.
    expect(pointsElsewhere(new Error('Connection terminated unexpectedly'), 5432)).toBe(false);
  });

  it('says what failed in one line, looking through wrappers', () => {
    expect(unavailableReason({ driverError: refused(5432) })).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(unavailableReason(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(
      '57P01: terminating',
    );
  });
});
