import { bearerToken, generateToken, hashesMatch, hashToken } from './tokens';

describe('tokens', () => {
  it('generates distinct tokens carrying 32 random bytes', () => {
    const token = generateToken();
    expect(token.startsWith('eye_')).toBe(true);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(generateToken()).not.toBe(token);
  });

  it('hashes deterministically and never returns the token', () => {
    const token = generateToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(4));
  });

  it('compares hashes', () => {
    const hash = hashToken('a-token-of-some-length');
    expect(hashesMatch(hash, hashToken('a-token-of-some-length'))).toBe(true);
    expect(hashesMatch(hash, hashToken('another-token-of-length'))).toBe(false);
    expect(hashesMatch(hash, 'abcd')).toBe(false);
  });

  it.each([
    ['Bearer eye_abcdefghijklmnopqrstuvwxyz', 'eye_abcdefghijklmnopqrstuvwxyz'],
    ['bearer eye_abcdefghijklmnopqrstuvwxyz', 'eye_abcdefghijklmnopqrstuvwxyz'],
    ['Basic dXNlcjpwYXNzd29yZA==', undefined],
    ['Bearer short', undefined],
    ['Bearer ', undefined],
    [undefined, undefined],
  ])('reads the bearer token of %p', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
