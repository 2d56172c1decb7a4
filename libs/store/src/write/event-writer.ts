import type { Collection, Db, WriteConcernSettings } from 'mongodb';
import { StoreUnavailableError } from '../errors';
import { COLLECTIONS, type InvalidEventDocument, type StoredEventDocument } from '../schema/documents';
import { DUPLICATE_KEY, documentWriteErrors, isDatabaseError, isTransientMongoError, refusalReason } from './write-errors';

/** How long the writer waits for a ping when it must tell a refused insert from an unreachable server. */
const PING_TIMEOUT_MS = 2_000;

/** What one call of {@link EventWriter.insert} did with each document (positions in what was given). */
export interface InsertOutcome {
  /** Stored by this call. */
  inserted: number[];
  /**
   * Their key was stored already (a redelivery, a resend, an earlier attempt, or a lower sequence
   * with the same key in the same call): the first message stored for a key wins.
   */
  duplicates: number[];
  /** Refused by the database for their own content; the reason is fit to show a client. */
  refused: { index: number; reason: string }[];
}

export interface EventWriterOptions {
  /** Write concern of every insert (default `{ w: 'majority', journal: true }`; FerretDB accepts and ignores it). */
  writeConcern?: WriteConcernSettings;
}

/**
 * Stores events with one unordered insert per call, one document per event (valid and invalid
 * alike, in `events`): no other write, no read, no update. The only atomic step it relies on is an
 * insert refused by the unique `_id`, which means "already stored".
 *
 * A document the database refuses for its own content (it cannot be encoded, a value the engine
 * does not take, too large) is reported in `refused`, and every other document of the call is
 * still stored: the refusal is found from the per-document write errors, or, when the database
 * (still answering pings) refuses the call as a whole without saying which document, by halving
 * the call until the refused document stands alone.
 */
export class EventWriter {
  private readonly events: Collection<StoredEventDocument>;
  private readonly writeConcern: WriteConcernSettings;

  constructor(
    private readonly db: Db,
    options: EventWriterOptions = {},
  ) {
    this.events = db.collection(COLLECTIONS.events);
    this.writeConcern = options.writeConcern ?? { w: 'majority', journal: true };
  }

  /**
   * Inserts `documents` (stamping `stored_at`).
   *
   * @throws StoreUnavailableError when the database could not take the write now (unreachable,
   * failing over, shutting down, timed out): some documents may be stored; write them all again.
   * Anything that is not a database error (a bug) is thrown as it is.
   */
  async insert(documents: readonly StoredEventDocument[]): Promise<InsertOutcome> {
    const outcome: InsertOutcome = { inserted: [], duplicates: [], refused: [] };
    const firstOfKey = new Map<string, number>();
    for (const index of documents.keys()) {
      const seen = firstOfKey.get(documents[index]._id);
      if (seen === undefined) firstOfKey.set(documents[index]._id, index);
      else if (documents[index].seq < documents[seen].seq) {
        outcome.duplicates.push(seen);
        firstOfKey.set(documents[index]._id, index);
      } else outcome.duplicates.push(index);
    }
    const storedAt = new Date();
    for (const index of firstOfKey.values()) documents[index].stored_at = storedAt;
    await this.insertSome(documents, [...firstOfKey.values()].sort((a, b) => a - b), outcome);
    outcome.inserted.sort((a, b) => a - b);
    outcome.duplicates.sort((a, b) => a - b);
    outcome.refused.sort((a, b) => a.index - b.index);
    return outcome;
  }

  /** Whether the server answers a ping now. */
  private async answers(): Promise<boolean> {
    try {
      await this.db.command({ ping: 1 }, { timeoutMS: PING_TIMEOUT_MS });
      return true;
    } catch {
      return false;
    }
  }

  private async insertSome(documents: readonly StoredEventDocument[], positions: number[], outcome: InsertOutcome): Promise<void> {
    if (positions.length === 0) return;
    try {
      await this.events.insertMany(
        positions.map((index) => documents[index]),
        { ordered: false, writeConcern: this.writeConcern },
      );
      outcome.inserted.push(...positions);
      return;
    } catch (error) {
      if (isTransientMongoError(error)) throw new StoreUnavailableError('the database could not take the write', { cause: error });
      if (!isDatabaseError(error)) throw error;
      const perDocument = documentWriteErrors(error);
      // The driver reports an insert that never reached the server (network, server selection)
      // like one the server refused as a whole; only a server that answers can have refused it.
      if (perDocument.length === 0 && !(await this.answers())) throw new StoreUnavailableError('the database could not take the write', { cause: error });
      if (perDocument.length > 0) {
        const failed = new Set<number>();
        for (const item of perDocument) {
          failed.add(item.index);
          if (item.code === DUPLICATE_KEY) outcome.duplicates.push(positions[item.index]);
          else outcome.refused.push({ index: positions[item.index], reason: refusalReason(item) });
        }
        outcome.inserted.push(...positions.filter((_, offset) => !failed.has(offset)));
        return;
      }
      if (positions.length === 1) {
        outcome.refused.push({ index: positions[0], reason: refusalReason(error as { code?: number; name?: string }) });
        return;
      }
      const middle = Math.ceil(positions.length / 2);
      await this.insertSome(documents, positions.slice(0, middle), outcome);
      await this.insertSome(documents, positions.slice(middle), outcome);
    }
  }
}

/**
 * What an event the database refused is stored as instead: an invalid event with the one issue
 * `unstorable` and its JSON text exactly as sent, under the same key. It keeps none of the
 * event's parsed values (one of them is what was refused), only what The Eye itself made.
 */
export function unstorableEventDocument(refused: StoredEventDocument, rawJson: string, reason: string): InvalidEventDocument {
  const issue = { path: '', code: 'unstorable', message: `The event cannot be stored: ${reason}.` };
  return {
    _id: refused._id,
    application: refused.application,
    event_id: refused.event_id,
    received_at: refused.received_at,
    received_us: refused.received_us,
    seq: refused.seq,
    ...(refused.trace_id === undefined ? {} : { trace_id: refused.trace_id }),
    valid: false,
    rejected: true,
    issues: [issue],
    codes: [issue.code],
    raw_json: rawJson,
  };
}
