import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ApplicationInputError, ApplicationNotFoundError } from './errors';
import { generateToken, hashToken } from './tokens';

export const SCOPES = ['ingest', 'query'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * An application's own rate limit: a token bucket of `burst` events, refilled at
 * `eventsPerSecond`. Enforced by the gateway before it publishes.
 */
export interface RateLimit {
  eventsPerSecond: number;
  burst: number;
}

/** A trusted client application, as stored: the token only as its hash. */
export interface ApplicationDocument {
  _id: string;
  name: string;
  scopes: Scope[];
  token_hash: string;
  created_at: Date;
  revoked_at: Date | null;
  /** Absent or null: no limit. */
  rate_limit?: { events_per_second: number; burst: number } | null;
}

/** An application as shown to operators (never the hash). */
export interface Application {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
  /** Null: no limit. */
  rateLimit: RateLimit | null;
}

/** The largest rate a limit may name (events per second); far above what one gateway takes. */
export const MAX_EVENTS_PER_SECOND = 1_000_000;

/** A new application and its token, which is shown once and never stored. */
export interface CreatedApplication extends Application {
  token: string;
}

/** Names appear in every stored event and in event keys (`<application>/<event_id>`). */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const COLLECTION = 'applications';

/** The registry of trusted applications in MongoDB. */
export class ApplicationRegistry {
  private readonly collection: Collection<ApplicationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ApplicationDocument>(COLLECTION);
  }

  /**
   * Unique name, unique token hash; idempotent. One index per call: FerretDB 1.24 drops the
   * connection when one createIndexes call lists several existing indexes.
   */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndexes([{ name: 'name_unique', key: { name: 1 }, unique: true }]);
    await this.collection.createIndexes([{ name: 'token_hash_unique', key: { token_hash: 1 }, unique: true }]);
  }

  async create(name: string, scopes: string[]): Promise<CreatedApplication> {
    if (!NAME_PATTERN.test(name)) {
      throw new ApplicationInputError('an application name is 1..64 letters, digits, ".", "_" or "-", starting with a letter or digit');
    }
    const unknown = scopes.filter((scope) => !isScope(scope));
    if (scopes.length === 0 || unknown.length > 0) {
      throw new ApplicationInputError(`scopes must be a non-empty list of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
    }
    await this.ensureIndexes();
    const token = generateToken();
    const document: ApplicationDocument = {
      _id: randomUUID(),
      name,
      scopes: [...new Set(scopes as Scope[])],
      token_hash: hashToken(token),
      created_at: new Date(),
      revoked_at: null,
    };
    try {
      await this.collection.insertOne(document);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new ApplicationInputError(`an application named "${name}" already exists`);
      throw error;
    }
    return { ...toApplication(document), token };
  }

  async list(): Promise<Application[]> {
    const documents = await this.collection.find({}).sort({ created_at: 1 }).toArray();
    return documents.map(toApplication);
  }

  /** Revokes by name or id; revoking twice keeps the first revocation time. */
  async revoke(nameOrId: string): Promise<Application> {
    const filter = byNameOrId(nameOrId);
    await this.collection.updateOne({ ...filter, revoked_at: null }, { $set: { revoked_at: new Date() } });
    return this.found(nameOrId);
  }

  /**
   * Sets (or with `null` removes) an application's rate limit, by name or id. Gateways apply it
   * once their token cache refreshes (within `EYE_AUTH_CACHE_TTL`).
   */
  async setRateLimit(nameOrId: string, limit: RateLimit | null): Promise<Application> {
    if (limit) checkRateLimit(limit);
    const value = limit ? { events_per_second: limit.eventsPerSecond, burst: limit.burst } : null;
    await this.collection.updateOne(byNameOrId(nameOrId), { $set: { rate_limit: value } });
    return this.found(nameOrId);
  }

  private async found(nameOrId: string): Promise<Application> {
    const document = await this.collection.findOne(byNameOrId(nameOrId));
    if (!document) throw new ApplicationNotFoundError(`no application named or with id "${nameOrId}"`);
    return toApplication(document);
  }

  /** The application whose token has this hash, revoked or not. */
  findByTokenHash(tokenHash: string): Promise<ApplicationDocument | null> {
    return this.collection.findOne({ token_hash: tokenHash });
  }
}

function byNameOrId(nameOrId: string) {
  return { $or: [{ name: nameOrId }, { _id: nameOrId }] };
}

function checkRateLimit(limit: RateLimit): void {
  if (!Number.isFinite(limit.eventsPerSecond) || limit.eventsPerSecond <= 0 || limit.eventsPerSecond > MAX_EVENTS_PER_SECOND) {
    throw new ApplicationInputError(`events per second must be a number above 0 and at most ${MAX_EVENTS_PER_SECOND}`);
  }
  if (!Number.isInteger(limit.burst) || limit.burst < 1 || limit.burst > MAX_EVENTS_PER_SECOND) {
    throw new ApplicationInputError(`the burst must be a whole number from 1 to ${MAX_EVENTS_PER_SECOND}`);
  }
}

/** The stored rate limit, or null for none. */
export function rateLimitOf(document: ApplicationDocument): RateLimit | null {
  const limit = document.rate_limit;
  return limit ? { eventsPerSecond: limit.events_per_second, burst: limit.burst } : null;
}

function toApplication(document: ApplicationDocument): Application {
  return {
    id: document._id,
    name: document.name,
    scopes: document.scopes,
    createdAt: document.created_at,
    revokedAt: document.revoked_at,
    rateLimit: rateLimitOf(document),
  };
}
