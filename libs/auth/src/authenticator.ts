import type { ApplicationDocument, ApplicationRegistry, Scope } from './applications';
import { AuthenticationError, AuthUnavailableError, PermissionError } from './errors';
import { bearerToken, hashesMatch, hashToken } from './tokens';

/** Who is calling: the application behind a valid token. */
export interface Principal {
  applicationId: string;
  application: string;
  scopes: readonly Scope[];
}

export interface AuthenticatorOptions {
  /** How long a lookup is reused; a revoked token stops working within this time. */
  cacheTtlMs: number;
  /** How long an unknown token is remembered as unknown (keeps floods off the database). */
  negativeCacheTtlMs?: number;
  now?: () => number;
}

interface CacheEntry {
  expiresAt: number;
  application: ApplicationDocument | null;
}

const MAX_CACHE_ENTRIES = 10_000;

/**
 * Turns an `Authorization` value into a {@link Principal} with a required scope. Tokens are
 * looked up by hash, the stored hash is compared in constant time, and results are cached
 * briefly by hash (never by token).
 */
export class Authenticator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly now: () => number;

  constructor(
    private readonly registry: ApplicationRegistry,
    private readonly options: AuthenticatorOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async authenticate(authorization: string | undefined, scope: Scope): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) throw new AuthenticationError('send "Authorization: Bearer <token>"');
    const tokenHash = hashToken(token);
    const application = await this.lookup(tokenHash);
    if (!application || !hashesMatch(application.token_hash, tokenHash) || application.revoked_at) {
      throw new AuthenticationError('the token is unknown or revoked');
    }
    if (!application.scopes.includes(scope)) {
      throw new PermissionError(`the token lacks the "${scope}" scope`);
    }
    return { applicationId: application._id, application: application.name, scopes: application.scopes };
  }

  private async lookup(tokenHash: string): Promise<ApplicationDocument | null> {
    const cached = this.cache.get(tokenHash);
    const now = this.now();
    if (cached && cached.expiresAt > now) return cached.application;
    let application: ApplicationDocument | null;
    try {
      application = await this.registry.findByTokenHash(tokenHash);
    } catch (error) {
      throw new AuthUnavailableError('the applications store is not reachable', { cause: error });
    }
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
    const ttl = application ? this.options.cacheTtlMs : (this.options.negativeCacheTtlMs ?? Math.min(1_000, this.options.cacheTtlMs));
    this.cache.set(tokenHash, { application, expiresAt: now + ttl });
    return application;
  }
}
