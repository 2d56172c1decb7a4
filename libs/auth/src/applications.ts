import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ApplicationInputError, ApplicationNotFoundError } from './errors';
import { generateToken, hashToken } from './tokens';

export const SCOPES = ['ingest', 'query'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** A trusted client application, as stored: the token only as its hash. */
export interface ApplicationDocument {
  _id: string;
  name: string;
  scopes: Scope[];
  token_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** An application as shown to operators (never the hash). */
export interface Application {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
}

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
    const filter = { $or: [{ name: nameOrId }, { _id: nameOrId }] };
    await this.collection.updateOne({ ...filter, revoked_at: null }, { $set: { revoked_at: new Date() } });
    const document = await this.collection.findOne(filter);
    if (!document) throw new ApplicationNotFoundError(`no application named or with id "${nameOrId}"`);
    return toApplication(document);
  }

  /** The application whose token has this hash, revoked or not. */
  findByTokenHash(tokenHash: string): Promise<ApplicationDocument | null> {
    return this.collection.findOne({ token_hash: tokenHash });
  }
}

function toApplication(document: ApplicationDocument): Application {
  return { id: document._id, name: document.name, scopes: document.scopes, createdAt: document.created_at, revokedAt: document.revoked_at };
}
