import { formatSnapTimestamp, isTimestampWithinWindow, parseSnapTimestamp } from './timestamp.js';

describe('SNAP timestamps', () => {
  it('formats in Jakarta time without fractions', () => {
    expect(formatSnapTimestamp(new Date('2020-12-21T07:56:11.123Z'))).toBe(
      '2020-12-21T14:56:11+07:00',
    );
  });

  it('parses +07:00, Z and fractional seconds', () => {
    expect(parseSnapTimestamp('2020-12-21T14:56:11+07:00')?.toISOString()).toBe(
      '2020-12-21T07:56:11.000Z',
    );
    expect(parseSnapTimestamp('2021-01-08T09:57:39.000+07:00')?.toISOString()).toBe(
      '2021-01-08T02:57:39.000Z',
    );
    expect(parseSnapTimestamp('2020-12-21T07:56:11Z')?.toISOString()).toBe(
      '2020-12-21T07:56:11.000Z',
    );
    expect(parseSnapTimestamp('2020-12-21 07:56:11')).toBeNull();
    expect(parseSnapTimestamp(12345)).toBeNull();
  });

  it('checks the ±5 minute window', () => {
    const now = new Date('2024-01-01T03:00:00Z');
    expect(isTimestampWithinWindow('2024-01-01T10:04:59+07:00', now)).toBe(true);
    expect(isTimestampWithinWindow('2024-01-01T10:05:01+07:00', now)).toBe(false);
    expect(isTimestampWithinWindow('garbage', now)).toBe(false);
  });
});
