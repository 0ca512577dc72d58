import { MAX_LISTED_PROBLEMS, unstorableText } from './storable-text.js';

describe('unstorableText', () => {
  it('accepts ordinary text, non-ASCII letters, emoji (a well-formed surrogate pair) and non-strings', () => {
    expect(
      unstorableText({ a: 'Toko café ☕ 😀', n: 1, b: true, z: null, list: ['x', { y: 'z' }] }),
    ).toEqual([]);
  });

  it('names each field holding a NUL character, by its path', () => {
    const problems = unstorableText({
      reason: 'a\u0000b',
      metadata: { note: '\u0000' },
      l: ['x', '\u0000'],
    });
    expect(problems.map((p) => p.field)).toEqual(['reason', 'metadata.note', 'l[1]']);
    expect(problems[0].problems[0]).toMatch(/^reason contains the NUL character \(U\+0000\)/);
  });

  it('names the object whose key holds a NUL character, never the raw key', () => {
    const [problem] = unstorableText({ metadata: { 'k\u0000': 1 } });
    expect(problem.field).toBe('metadata');
    expect(problem.problems[0]).toMatch(/^metadata has a key that contains the NUL character/);
    expect(unstorableText({ 'k\u0000': { v: '\u0000' } }).map((p) => p.field)).toEqual([
      'body',
      'k\\u0000.v',
    ]);
  });

  it('refuses lone surrogates, high or low', () => {
    expect(unstorableText({ a: 'x\ud800', b: '\udc00y' }).map((p) => p.field)).toEqual(['a', 'b']);
    expect(unstorableText({ a: 'x\ud800' })[0].problems[0]).toMatch(/lone UTF-16 surrogate/);
  });

  it('names a scalar parameter by the name given, and lists a bounded number of problems', () => {
    expect(unstorableText('ord_\u0000', 'id')[0].field).toBe('id');
    expect(unstorableText(Array(1000).fill('\u0000'), 'list')).toHaveLength(MAX_LISTED_PROBLEMS);
  });
});
