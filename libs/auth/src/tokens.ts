import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** Prefix that makes The Eye's tokens recognisable (e.g. by secret scanners). */
const TOKEN_PREFIX = 'eye_';
/** 32 random bytes: 256 bits, far beyond guessing, so a fast hash is the right storage. */
const TOKEN_BYTES = 32;
/** The random part, base64url without padding. */
const RANDOM_CHARS = 43;
const CHECKSUM_CHARS = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_PART = new RegExp(`^[A-Za-z0-9_-]{${RANDOM_CHARS}}$`);

/** CRC32 of the random part in 6 base62 digits (the checksum GitHub's tokens carry, for the same reason). */
function checksum(randomPart: string): string {
  let value = crc32(randomPart);
  let digits = '';
  for (let i = 0; i < CHECKSUM_CHARS; i++) {
    digits = BASE62[value % 62] + digits;
    value = Math.floor(value / 62);
  }
  return digits;
}

/**
 * A new bearer token: `eye_`, 32 random bytes in base64url, and a 6-character checksum of them.
 * The checksum lets a server refuse mistyped or made-up tokens without looking them up.
 */
export function generateToken(): string {
  const randomPart = randomBytes(TOKEN_BYTES).toString('base64url');
  return TOKEN_PREFIX + randomPart + checksum(randomPart);
}

/**
 * Whether a token could be one The Eye issued, decided from its text alone: `eye_` and 43
 * base64url characters with a correct checksum, or without one (tokens made before checksums).
 * Anything else cannot belong to an application and needs no lookup.
 */
export function couldBeIssuedToken(token: string): boolean {
  if (!token.startsWith(TOKEN_PREFIX)) return false;
  const body = token.slice(TOKEN_PREFIX.length);
  const randomPart = body.slice(0, RANDOM_CHARS);
  if (!RANDOM_PART.test(randomPart)) return false;
  if (body.length === RANDOM_CHARS) return true;
  return body.length === RANDOM_CHARS + CHECKSUM_CHARS && body.slice(RANDOM_CHARS) === checksum(randomPart);
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
