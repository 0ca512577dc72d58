import { jakartaDays, jakartaTime, jakartaToday } from './jakarta-day.js';

describe('Jakarta days', () => {
  it('cuts a day at Jakarta midnight (17:00 UTC the day before)', () => {
    expect(jakartaDays('2026-03-01')).toEqual({
      from: new Date('2026-02-28T17:00:00.000Z'),
      to: new Date('2026-03-01T17:00:00.000Z'),
    });
    expect(jakartaDays('2026-03-01', '2026-03-31').to).toEqual(new Date('2026-03-31T17:00:00Z'));
  });

  it('names today and a time as Jakarta sees them', () => {
    expect(jakartaToday(new Date('2026-03-01T16:59:59Z'))).toBe('2026-03-01');
    expect(jakartaToday(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(jakartaTime(new Date('2026-03-01T17:00:05Z'))).toBe('2026-03-02 00:00:05');
    expect(jakartaTime(null)).toBeNull();
  });
});
