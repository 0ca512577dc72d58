import { decodeState, encodeState } from './state-codec.js';

describe('state codec', () => {
  it('round-trips nested Dates as Dates and everything else as JSON', () => {
    const state = {
      at: new Date('2024-01-02T03:04:05.678Z'),
      list: [{ paidAt: new Date(0), amountMinor: 100, note: undefined }],
      plain: { $date: 1 },
      text: '2024-01-02T03:04:05.678Z',
    };
    const back = decodeState<typeof state>(encodeState(state));
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe('2024-01-02T03:04:05.678Z');
    expect(back.list[0].paidAt).toBeInstanceOf(Date);
    expect(back.list[0]).toEqual({ paidAt: new Date(0), amountMinor: 100 });
    expect(back.plain).toEqual({ $date: 1 });
    expect(back.text).toBe('2024-01-02T03:04:05.678Z');
  });
});
