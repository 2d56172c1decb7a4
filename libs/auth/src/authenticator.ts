import { LRUCache } from 'lru-cache';
import { rateLimitOf, type ApplicationRegistry, type RateLimit, type Scope } from './applications';
import { AuthenticationError, AuthUnavailableError, PermissionError } from './errors';
import { LookupLimiter } from './lookup-limiter';
import { bearerToken, couldBeIssuedToken, hashesMatch, hashToken } from './tokens';

/** Who is calling: the application behind a valid token. */
export interface Principal {
  applicationId: string;
  application: string;
  scopes: readonly Scope[];
  /** Null or absent: no limit. */
  rateLimit?: RateLimit | null;
}

/**
 * Finds the application of a token: `null` when the token is unknown or revoked; throws when the
 * source cannot answer (not cached, so the next request asks again).
 */
export type PrincipalLookup = (token: string, tokenHash: string) => Promise<Principal | null>;

/** What a lookup that reached the source found. */
export type LookupResult = 'found' | 'unknown' | 'failed';

export interface AuthenticatorOptions {
  /** How long a known token's application is reused; a revoked token stops working within this time. */
  cacheTtlMs: number;
  /** How long an unknown or revoked token is remembered as such (default 60 s: tokens are never reissued). */
  negativeCacheTtlMs?: number;
  /** Entries of each cache, known and unknown tokens apart (default 10,000 each). */
  maxCachedTokens?: number;
  /** Lookups in flight at once (default 8); the source never sees more. */
  maxConcurrentLookups?: number;
  /** Lookups waiting for a place (default 1,000); past that a request is answered `unavailable`. */
  maxWaitingLookups?: number;
  /** Told of every lookup that reached the source (for metrics). */
  onLookup?: (result: LookupResult) => void;
  /** Milliseconds, monotonic (for tests). */
  now?: () => number;
}

/**
 * Turns an `Authorization` value into a {@link Principal} with a required scope.
 *
 * Built to stay cheap under a flood of made-up tokens: a token that The Eye cannot have issued
 * (wrong shape or checksum) is refused without a lookup; known and unknown tokens live in two
 * bounded LRU caches, so churn of unknown tokens never evicts a known one; concurrent lookups of
 * one token share one lookup; and at most `maxConcurrentLookups` lookups run at once. Caches are
 * keyed by the token's hash, never by the token.
 */
export class Authenticator {
  private readonly known: LRUCache<string, Principal>;
  private readonly unknown: LRUCache<string, true>;
  private readonly inFlight = new Map<string, Promise<Principal | null>>();
  private readonly limiter: LookupLimiter;
  private readonly lookup: PrincipalLookup;

  /** `source`: the applications registry (looked up by hash) or any other {@link PrincipalLookup}. */
  constructor(
    source: Pick<ApplicationRegistry, 'findByTokenHash'> | PrincipalLookup,
    private readonly options: AuthenticatorOptions,
  ) {
    this.lookup = typeof source === 'function' ? source : registryLookup(source);
    const max = options.maxCachedTokens ?? 10_000;
    const perf = options.now ? { now: options.now } : undefined;
    this.known = new LRUCache({ max, ttl: options.cacheTtlMs, perf });
    this.unknown = new LRUCache({ max, ttl: options.negativeCacheTtlMs ?? 60_000, perf });
    this.limiter = new LookupLimiter(options.maxConcurrentLookups ?? 8, options.maxWaitingLookups ?? 1_000);
  }

  /**
   * The caller's principal; with `scope`, only if the token carries it.
   * @throws AuthenticationError (`unauthenticated`), PermissionError (`forbidden`),
   *   AuthUnavailableError (`unavailable`) when the applications cannot be looked up now.
   */
  async authenticate(authorization: string | undefined, scope?: Scope): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) throw new AuthenticationError('send "Authorization: Bearer <token>"');
    const principal = couldBeIssuedToken(token) ? await this.principalOf(token, hashToken(token)) : null;
    if (!principal) throw new AuthenticationError('the token is unknown or revoked');
    if (scope && !principal.scopes.includes(scope)) throw new PermissionError(`the token lacks the "${scope}" scope`);
    return principal;
  }

  private async principalOf(token: string, tokenHash: string): Promise<Principal | null> {
    const cached = this.known.get(tokenHash);
    if (cached) return cached;
    if (this.unknown.get(tokenHash)) return null;
    let pending = this.inFlight.get(tokenHash);
    if (!pending) {
      pending = this.lookUp(token, tokenHash).finally(() => this.inFlight.delete(tokenHash));
      this.inFlight.set(tokenHash, pending);
    }
    return pending;
  }

  private async lookUp(token: string, tokenHash: string): Promise<Principal | null> {
    const release = await this.limiter.acquire();
    let principal: Principal | null;
    try {
      principal = await this.lookup(token, tokenHash);
    } catch (error) {
      this.options.onLookup?.('failed');
      throw error;
    } finally {
      release();
    }
    this.options.onLookup?.(principal ? 'found' : 'unknown');
    if (principal) this.known.set(tokenHash, principal);
    else this.unknown.set(tokenHash, true);
    return principal;
  }
}

/** A {@link PrincipalLookup} on the applications registry in MongoDB (by hash, compared in constant time). */
export function registryLookup(registry: Pick<ApplicationRegistry, 'findByTokenHash'>): PrincipalLookup {
  return async (_token, tokenHash) => {
    let document;
    try {
      document = await registry.findByTokenHash(tokenHash);
    } catch (error) {
      throw new AuthUnavailableError('the applications store is not reachable', { cause: error });
    }
    if (!document || !hashesMatch(document.token_hash, tokenHash) || document.revoked_at) return null;
    return { applicationId: document._id, application: document.name, scopes: document.scopes, rateLimit: rateLimitOf(document) };
  };
}
