import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix that makes The Eye's tokens recognisable (e.g. by secret scanners). */
const TOKEN_PREFIX = 'eye_';
/** 32 random bytes: 256 bits, far beyond guessing, so a fast hash is the right storage. */
const TOKEN_BYTES = 32;

/** A new bearer token: `eye_` + 32 random bytes, base64url. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** SHA-256 of the token, hex. Tokens are high-entropy, so no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time. */
export function hashesMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The token of an `Authorization: Bearer <token>` value, or undefined when malformed. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]{16,512})\s*$/i.exec(authorization);
  return match?.[1];
}
