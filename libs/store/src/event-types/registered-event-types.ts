import type { Collection, Db } from 'mongodb';
import {
  BUILT_IN_EVENT_TYPES,
  defaultRegistry,
  eventTypeFromJsonSchema,
  isBuiltInEventType,
  isEventTypeSchemaError,
  normalizeDataSchema,
  type EventType,
  type EventTypeRegistry,
} from '@eye/validators';
import { StoreUnavailableError } from '../errors';

const DUPLICATE_KEY = 11000;

/** The collection of event types the team registered at run time. */
export const EVENT_TYPES_COLLECTION = 'event_types';

/**
 * A registered event type in `event_types`. `_id` is {@link eventTypeId}. The JSON Schema of
 * `data` is kept as JSON text: schemas have keys such as `$schema` and property names with dots
 * that MongoDB cannot store as field names.
 */
export interface EventTypeDocument {
  _id: string;
  category: string;
  name: string;
  description?: string;
  /** JSON Schema of the event's `data`, as normalized at registration (strict objects). */
  data_schema_json: string;
  registered_at: Date;
  /** Set when `register(..., { replace: true })` changed the schema. */
  updated_at?: Date;
}

/** The `_id` of a registered type (the length prefix keeps any category/name pair unambiguous). */
export function eventTypeId(category: string, name: string): string {
  return `${category.length}:${category}/${name}`;
}

/** Why registering or removing an event type was refused. */
export type EventTypeChangeCode = 'built_in' | 'exists' | 'not_found' | 'invalid_schema';

/** An event type could not be registered or removed; `code` says why. */
export class EventTypeChangeError extends Error {
  override readonly name = 'EventTypeChangeError';
  constructor(
    readonly code: EventTypeChangeCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is an {@link EventTypeChangeError}. */
export function isEventTypeChangeError(error: unknown): error is EventTypeChangeError {
  return error instanceof Error && error.name === 'EventTypeChangeError';
}

/** What registering a type needs. */
export interface EventTypeRegistration {
  category: string;
  name: string;
  /** JSON Schema of `data` (see `normalizeDataSchema` in `@eye/validators`). */
  dataSchema: unknown;
  description?: string;
  /** Replace the schema of a type registered already (else that is refused). */
  replace?: boolean;
  now?: Date;
}

/** A registered type with its parsed schema, as listed. */
export interface RegisteredEventType {
  category: string;
  name: string;
  description?: string;
  dataSchema: Record<string, unknown>;
  registeredAt: Date;
  updatedAt?: Date;
}

/** Registered types that could not be turned into validators (stored by hand or by another version). */
export interface UnusableEventType {
  category: string;
  name: string;
  reason: string;
}

/** Built-ins plus the usable registered types, and what was skipped. */
export interface LoadedRegistry {
  registry: EventTypeRegistry;
  unusable: UnusableEventType[];
  /** Changes exactly when the registered types or their schemas changed. */
  version: string;
}

/**
 * The event types registered at run time, in MongoDB (`event_types`). Built-in types cannot be
 * registered, replaced or removed. Validators and ingest reload these periodically
 * ({@link LiveEventTypeRegistry}); the CLI registers them.
 */
export class RegisteredEventTypes {
  private readonly types: Collection<EventTypeDocument>;
  /** Converted types by document content, so a refresh converts only what changed. */
  private readonly converted = new Map<string, EventType>();

  constructor(db: Db) {
    this.types = db.collection(EVENT_TYPES_COLLECTION);
  }

  /**
   * Registers a type after checking its schema compiles to a strict validator.
   *
   * @throws {@link EventTypeChangeError} `built_in`, `exists` (without `replace`) or `invalid_schema`.
   * @throws {@link StoreUnavailableError} when MongoDB fails.
   */
  async register(registration: EventTypeRegistration): Promise<RegisteredEventType> {
    const { category, name } = registration;
    if (isBuiltInEventType(category, name)) {
      throw new EventTypeChangeError('built_in', `"${category}" / "${name}" is a built-in event type; it cannot be registered or replaced`);
    }
    let dataSchema: Record<string, unknown>;
    try {
      dataSchema = normalizeDataSchema(registration.dataSchema);
      eventTypeFromJsonSchema({ category, name, dataSchema, description: registration.description });
    } catch (error) {
      if (isEventTypeSchemaError(error)) throw new EventTypeChangeError('invalid_schema', error.message, { cause: error });
      throw error;
    }
    const now = registration.now ?? new Date();
    const document: EventTypeDocument = {
      _id: eventTypeId(category, name),
      category,
      name,
      ...(registration.description === undefined ? {} : { description: registration.description }),
      data_schema_json: JSON.stringify(dataSchema),
      registered_at: now,
    };
    try {
      await this.types.insertOne(document);
      return toRegistered(document);
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) {
        throw new StoreUnavailableError(`MongoDB failed on event types: ${(error as Error).message}`, { cause: error });
      }
    }
    if (!registration.replace) {
      throw new EventTypeChangeError('exists', `"${category}" / "${name}" is registered already (use --replace to change its schema)`);
    }
    const existing = await this.guard(() => this.types.findOne({ _id: document._id }));
    const replacement = { ...document, registered_at: existing?.registered_at ?? now, updated_at: now };
    await this.guard(() => this.types.replaceOne({ _id: document._id }, replacement, { upsert: true }));
    return toRegistered(replacement);
  }

  /**
   * Removes a registered type: new events of it are `unknown_event_type` again once the services
   * refresh; events stored already stay as they are.
   *
   * @throws {@link EventTypeChangeError} `built_in` or `not_found`.
   */
  async remove(category: string, name: string): Promise<void> {
    if (isBuiltInEventType(category, name)) {
      throw new EventTypeChangeError('built_in', `"${category}" / "${name}" is a built-in event type; it cannot be removed`);
    }
    const result = await this.guard(() => this.types.deleteOne({ _id: eventTypeId(category, name) }));
    if (result.deletedCount === 0) throw new EventTypeChangeError('not_found', `no event type "${category}" / "${name}" is registered`);
  }

  /** Every registered type, by category then name; a stored schema that is not JSON is listed as `{}`. */
  async list(): Promise<RegisteredEventType[]> {
    const documents = await this.guard(() => this.types.find({}, { sort: { category: 1, name: 1 } }).toArray());
    return documents.map(toRegistered);
  }

  /**
   * A registry of the built-in types plus every usable registered type, and the registered ones
   * that are not usable (their schema no longer converts), which are left out.
   *
   * @throws {@link StoreUnavailableError} when MongoDB fails.
   */
  async loadRegistry(): Promise<LoadedRegistry> {
    const documents = await this.guard(() => this.types.find({}, { sort: { registered_at: 1, _id: 1 } }).toArray());
    const registry = defaultRegistry();
    const unusable: UnusableEventType[] = [];
    const seen = new Set<string>();
    for (const document of documents) {
      const { category, name } = document;
      const key = JSON.stringify([document._id, document.description ?? null, document.data_schema_json]);
      seen.add(key);
      try {
        if (BUILT_IN_EVENT_TYPES.some((type) => type.category === category && type.name === name)) {
          throw new Error('a built-in type of the same category and name wins');
        }
        let type = this.converted.get(key);
        if (type === undefined) {
          type = eventTypeFromJsonSchema({ category, name, description: document.description, dataSchema: JSON.parse(document.data_schema_json) });
          this.converted.set(key, type);
        }
        registry.register(type);
      } catch (error) {
        unusable.push({ category, name, reason: (error as Error).message });
      }
    }
    for (const key of this.converted.keys()) if (!seen.has(key)) this.converted.delete(key);
    return { registry, unusable, version: JSON.stringify([...seen]) };
  }

  private async guard<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw new StoreUnavailableError(`MongoDB failed on event types: ${(error as Error).message}`, { cause: error });
    }
  }
}

function toRegistered(document: EventTypeDocument): RegisteredEventType {
  let dataSchema: Record<string, unknown> = {};
  try {
    dataSchema = JSON.parse(document.data_schema_json) as Record<string, unknown>;
  } catch {
    // Listed as an empty schema; loadRegistry reports it unusable.
  }
  return {
    category: document.category,
    name: document.name,
    ...(document.description === undefined ? {} : { description: document.description }),
    dataSchema,
    registeredAt: document.registered_at,
    ...(document.updated_at === undefined ? {} : { updatedAt: document.updated_at }),
  };
}
