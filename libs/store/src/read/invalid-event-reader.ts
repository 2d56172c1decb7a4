import type { Collection, Db } from 'mongodb';
import { COLLECTIONS, type RejectedEventDocument, type StoredEventDocument } from '../schema/documents';
import type { StoreEngine } from '../schema/engine';
import { toPage, type Page } from './keyset';
import { findPage, minuteWalk } from './minute-walk';
import { bsonSize, reading, readerSettings, type ReaderOptions } from '../read-options';
import { invalidEventListFind, type InvalidEventListQuery } from './read-queries';

/** How far past now a stored receive time can lie: differences between the services' clocks. */
const LATEST_RECEIVED_AHEAD_US = 5 * 1e6;

/**
 * Reads the events validation rejected when they arrived, newest first, each with its issues and
 * its JSON exactly as sent (also those a replay has since stored as valid, with `resolved_at`).
 * Where the engine scans (FerretDB 1.x), a page with a `from` reads one minute of receive time at
 * a time, newest first.
 */
export class InvalidEventReader {
  private readonly events: Collection<StoredEventDocument>;
  private readonly settings: Required<ReaderOptions>;
  private readonly byMinute: boolean;

  constructor(db: Db, engine: Pick<StoreEngine, 'secondaryIndexes' | 'equalityPushdown'>, options: ReaderOptions = {}) {
    this.events = db.collection(COLLECTIONS.events);
    this.settings = readerSettings(options);
    this.byMinute = !engine.secondaryIndexes && engine.equalityPushdown;
  }

  /**
   * One page of rejected events, newest first by received time (ties: later received first).
   *
   * @throws InvalidQueryError for a cursor not issued for this query, or a bad limit.
   * @throws StoreUnavailableError when MongoDB does not answer.
   */
  async listInvalidEvents(query: InvalidEventListQuery): Promise<Page<RejectedEventDocument>> {
    const find = invalidEventListFind(query);
    const walk = this.byMinute ? minuteWalk('received_min', find.span, -1, Date.now() * 1000 + LATEST_RECEIVED_AHEAD_US) : undefined;
    const documents = await reading('list invalid events', () => findPage(this.events, find, walk, this.settings.maxTimeMs));
    return toPage(documents as RejectedEventDocument[], {
      limit: query.limit,
      keyOf: (event) => [event.received_us, event.seq, event._id],
      fingerprint: find.fingerprint,
      maxBytes: this.settings.maxPageBytes,
      sizeOf: bsonSize,
    });
  }
}
