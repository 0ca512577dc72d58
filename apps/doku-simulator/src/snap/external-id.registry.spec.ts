import type { ResolvedOptions } from '../config/simulator-options.js';
import { ExternalIdRegistry } from './external-id.registry.js';

const DAY1 = new Date('2026-03-01T10:00:00+07:00');
const DAY2 = new Date('2026-03-02T00:00:01+07:00');

describe('ExternalIdRegistry', () => {
  it('replays the recorded answer for the same id and body, conflicts otherwise', () => {
    const r = new ExternalIdRegistry({ externalIdCapacity: 100 } as ResolvedOptions);
    const first = r.check('p', '1', 'hash-a', DAY1);
    expect(first.kind).toBe('new');
    // While the first request is being answered, a second one with the id conflicts.
    expect(r.check('p', '1', 'hash-a', DAY1).kind).toBe('conflict');
    r.complete((first as { key: string }).key, { status: 200, body: '{"ok":1}' });
    expect(r.check('p', '1', 'hash-a', DAY1)).toEqual({
      kind: 'replay',
      answer: { status: 200, body: '{"ok":1}' },
    });
    expect(r.check('p', '1', 'hash-b', DAY1).kind).toBe('conflict');
    expect(r.check('other-partner', '1', 'hash-b', DAY1).kind).toBe('new');
  });

  it('forgets ids when the Jakarta day changes', () => {
    const r = new ExternalIdRegistry({ externalIdCapacity: 100 } as ResolvedOptions);
    r.check('p', '1', 'h', DAY1);
    expect(r.check('p', '1', 'h', DAY2).kind).toBe('new');
  });

  it('forgets the oldest id beyond its capacity', () => {
    const r = new ExternalIdRegistry({ externalIdCapacity: 2 } as ResolvedOptions);
    r.check('p', '1', 'h', DAY1);
    r.check('p', '2', 'h', DAY1);
    r.check('p', '3', 'h', DAY1);
    expect(r.check('p', '1', 'x', DAY1).kind).toBe('new');
    expect(r.check('p', '3', 'x', DAY1).kind).toBe('conflict');
  });
});
