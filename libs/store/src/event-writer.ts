import type { Collection, Db } from 'mongodb';
import { COLLECTIONS, type EventClaimDocument, type EventDocument, type InvalidEventDocument } from './documents';
import { StoreUnavailableError } from './errors';
import { insertNew } from './bulk-writes';
import { SessionCounter, type SessionCounterOptions } from './session-counter';

/** What one batch write did. */
export interface BatchWriteResult {
  insertedValid: number;
  insertedInvalid: number;
  /** Messages whose event was stored already: redelivered, or its key sent again. */
  duplicates: number;
  /** `_id`s of the documents this write stored (the others were there already). */
  insertedIds: ReadonlySet<string>;
}

export type EventWriterOptions = SessionCounterOptions;

type Stored = EventDocument | InvalidEventDocument;

/**
 * Writes validated batches: valid events, invalid events, and the session summaries of the valid
 * ones. Every step is idempotent, so a batch can be written again after any failure (the validator
 * retries it until MongoDB answers) without a second document or count.
 *
 * Per event key (application + event id) the first message to claim it wins (`event_claims`);
 * later messages with that key are duplicates, even when the first was valid and the later one
 * is not, or the other way round. Every write here is an insert except the session upserts, and
 * the only reads happen on retries and redeliveries.
 */
export class EventWriter {
  private readonly events: Collection<EventDocument>;
  private readonly invalid: Collection<InvalidEventDocument>;
  private readonly claims: Collection<EventClaimDocument>;
  private readonly counter: SessionCounter;

  constructor(db: Db, options: EventWriterOptions = {}) {
    this.events = db.collection(COLLECTIONS.events);
    this.invalid = db.collection(COLLECTIONS.invalidEvents);
    this.claims = db.collection(COLLECTIONS.eventClaims);
    this.counter = new SessionCounter(db, options);
  }

  /** Stores one batch; throws {@link StoreUnavailableError} when it should be retried later. */
  async writeBatch(valid: EventDocument[], invalid: InvalidEventDocument[]): Promise<BatchWriteResult> {
    try {
      const owned = await this.claim([...valid, ...invalid]);
      const ownedValid = valid.filter((doc) => owned.has(doc));
      const ownedInvalid = invalid.filter((doc) => owned.has(doc));
      const storedAt = new Date();
      for (const doc of [...ownedValid, ...ownedInvalid]) doc.stored_at = storedAt;

      const validDuplicates = await insertNew(this.events, ownedValid);
      const invalidDuplicates = await insertNew(this.invalid, ownedInvalid);

      // Every owned event, also those an earlier attempt stored: its count tickets tell whether
      // it was counted. An owned document has the content of the message that claimed its key.
      await this.counter.count(ownedValid);

      const insertedIds = new Set([
        ...ownedValid.filter((_, index) => !validDuplicates.has(index)).map((doc) => doc._id),
        ...ownedInvalid.filter((_, index) => !invalidDuplicates.has(index)).map((doc) => doc._id),
      ]);
      const insertedValid = ownedValid.length - validDuplicates.size;
      const insertedInvalid = ownedInvalid.length - invalidDuplicates.size;
      return { insertedValid, insertedInvalid, duplicates: valid.length + invalid.length - insertedIds.size, insertedIds };
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`MongoDB write failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Claims each document's key for its message. Returns the documents this batch owns: their key
   * claimed now, or earlier by the same message (same stream sequence and receive time), e.g. an
   * attempt that failed half-way. Within the batch the lowest sequence claims a repeated key.
   */
  private async claim(documents: Stored[]): Promise<Set<Stored>> {
    const first = new Map<string, Stored>();
    for (const doc of [...documents].sort((a, b) => a.seq - b.seq)) if (!first.has(doc._id)) first.set(doc._id, doc);
    const candidates = [...first.values()];

    const taken = await insertNew(this.claims, candidates.map(({ _id, seq, received_us }) => ({ _id, seq, received_us })));
    const owned = new Set(candidates.filter((_, index) => !taken.has(index)));
    const contested = candidates.filter((_, index) => taken.has(index));
    if (contested.length > 0) {
      const claims = await this.claims.find({ _id: { $in: contested.map((doc) => doc._id) } }).toArray();
      const byKey = new Map(claims.map((claim) => [claim._id, claim]));
      for (const doc of contested) {
        const claim = byKey.get(doc._id);
        if (claim && claim.seq === doc.seq && claim.received_us === doc.received_us) owned.add(doc);
      }
    }
    return owned;
  }
}
