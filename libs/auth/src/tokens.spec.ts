import fc from 'fast-check';
import { bearerToken, couldBeIssuedToken, generateToken, hashesMatch, hashToken } from './tokens';

describe('tokens', () => {
  it('generates distinct tokens carrying 32 random bytes and a checksum', () => {
    const token = generateToken();
    expect(token).toMatch(/^eye_[A-Za-z0-9_-]{43}[A-Za-z0-9]{6}$/);
    expect(Buffer.from(token.slice(4, 47), 'base64url')).toHaveLength(32);
    expect(generateToken()).not.toBe(token);
  });

  it('tells tokens it could have issued from made-up ones without a lookup', () => {
    const token = generateToken();
    expect(couldBeIssuedToken(token)).toBe(true);
    // Tokens made before checksums: the prefix and 43 characters.
    expect(couldBeIssuedToken(token.slice(0, 47))).toBe(true);
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    expect(couldBeIssuedToken(flipped)).toBe(false);
    for (const made of ['eye_short', `eye_${'a'.repeat(48)}`, `xyz_${token.slice(4)}`, `${token}0`, 'Bearer']) {
      expect(couldBeIssuedToken(made)).toBe(false);
    }
  });

  it('refuses random well-shaped tokens by their checksum (all but about one in 57 billion)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{43}[A-Za-z0-9]{6}$/), (body) => !couldBeIssuedToken(`eye_${body}`)),
      { numRuns: 2_000 },
    );
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
