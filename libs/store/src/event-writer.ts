import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { COLLECTIONS, type EventDocument, type InvalidEventDocument, type SessionDocument } from './documents';
import { duplicateIndexes, StoreUnavailableError } from './errors';

/** How many recent event keys a session remembers to recognise a redelivered event. */
const RECENT_KEYS_KEPT = 500;

/** What one batch write did. */
export interface BatchWriteResult {
  insertedValid: number;
  insertedInvalid: number;
  duplicates: number;
}

/**
 * Writes validated batches: valid events, invalid events, and the session summaries of newly
 * stored events. Every step is idempotent, so a batch can be written again after any failure
 * (the validator retries it until MongoDB answers) without a second document or count.
 */
export class EventWriter {
  private readonly events: Collection<EventDocument>;
  private readonly invalid: Collection<InvalidEventDocument>;
  private readonly sessions: Collection<SessionDocument>;

  constructor(db: Db) {
    this.events = db.collection(COLLECTIONS.events);
    this.invalid = db.collection(COLLECTIONS.invalidEvents);
    this.sessions = db.collection(COLLECTIONS.sessions);
  }

  /** Stores one batch; throws {@link StoreUnavailableError} when it should be retried later. */
  async writeBatch(valid: EventDocument[], invalid: InvalidEventDocument[]): Promise<BatchWriteResult> {
    try {
      const validDuplicates = await insertIgnoringDuplicates(this.events, valid);
      const invalidDuplicates = await insertIgnoringDuplicates(this.invalid, invalid);
      const fresh = valid.filter((_, index) => !validDuplicates.has(index));
      const recovering = await this.stillPending(valid.filter((_, index) => validDuplicates.has(index)));
      await this.countIntoSessions([...fresh, ...recovering]);
      return {
        insertedValid: fresh.length,
        insertedInvalid: invalid.length - invalidDuplicates.size,
        duplicates: validDuplicates.size + invalidDuplicates.size,
      };
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`MongoDB write failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * A duplicate key from a session upsert means either "already counted" (the session exists and
   * remembers the key) or "another validator created the session just now". Once more settles
   * it: the session now exists, so the update either matches and counts, or finds the key.
   */
  private async retryCount(operation: AnyBulkWriteOperation<SessionDocument>): Promise<void> {
    try {
      await this.sessions.bulkWrite([operation]);
    } catch (error) {
      duplicateIndexes(error);
    }
  }

  /** Duplicates whose first write stopped before they were counted into their session. */
  private async stillPending(duplicates: EventDocument[]): Promise<EventDocument[]> {
    if (duplicates.length === 0) return [];
    const pending = await this.events
      .find({ _id: { $in: duplicates.map((event) => event._id) }, session_pending: true }, { projection: { _id: 1 } })
      .toArray();
    const ids = new Set(pending.map((doc) => doc._id));
    return duplicates.filter((event) => ids.has(event._id));
  }

  /**
   * One atomic upsert per event ($min, $max, $inc, $addToSet). The filter skips a session that
   * already counted this event key, so a retry after a failure between these updates and the
   * `session_pending` reset never counts an event twice; the upsert then hits the session's
   * `_id` and reports a duplicate key, which is the expected "already counted" answer.
   */
  private async countIntoSessions(events: EventDocument[]): Promise<void> {
    if (events.length === 0) return;
    const operations: AnyBulkWriteOperation<SessionDocument>[] = events.map((event) => ({
      updateOne: {
        filter: { _id: event.session_id, recent_keys: { $ne: event._id } },
        update: {
          $min: { first_us: event.ts_us },
          $max: { last_us: event.ts_us },
          $inc: { event_count: 1 },
          $addToSet: { categories: event.category, applications: event.application },
          $push: { recent_keys: { $each: [event._id], $slice: -RECENT_KEYS_KEPT } },
        },
        upsert: true,
      },
    }));
    // Ordered, so two events of a new session in one batch upsert one after the other.
    let remaining = operations;
    while (remaining.length > 0) {
      try {
        await this.sessions.bulkWrite(remaining, { ordered: true });
        break;
      } catch (error) {
        const failed = Math.min(...duplicateIndexes(error));
        await this.retryCount(remaining[failed]);
        remaining = remaining.slice(failed + 1);
      }
    }
    await this.events.updateMany({ _id: { $in: events.map((event) => event._id) } }, { $set: { session_pending: false } });
  }
}

async function insertIgnoringDuplicates<T extends { _id: string }>(collection: Collection<T>, documents: T[]): Promise<Set<number>> {
  if (documents.length === 0) return new Set();
  try {
    // The driver's types want OptionalUnlessRequiredId<T>; our documents always carry _id.
    await collection.insertMany(documents as unknown as Parameters<Collection<T>['insertMany']>[0], { ordered: false });
    return new Set();
  } catch (error) {
    return duplicateIndexes(error);
  }
}
