describe('jest in ESM mode', () => {
  it('runs a TypeScript spec', async () => {
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update('a').digest('hex')).toHaveLength(64);
  });
});
