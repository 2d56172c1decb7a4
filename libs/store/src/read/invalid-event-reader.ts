import type { Collection, Db, Filter } from 'mongodb';
import { COLLECTIONS, type RejectedEventDocument, type StoredEventDocument } from '../schema/documents';
import { toPage, type Page } from './keyset';
import { bsonSize, reading, readerSettings, type ReaderOptions } from '../read-options';
import { invalidEventListFind, type InvalidEventListQuery } from './read-queries';

/**
 * Reads the events validation rejected when they arrived, newest first, each with its issues and
 * its JSON exactly as sent (also those a replay has since stored as valid, with `resolved_at`).
 */
export class InvalidEventReader {
  private readonly events: Collection<StoredEventDocument>;
  private readonly settings: Required<ReaderOptions>;

  constructor(db: Db, options: ReaderOptions = {}) {
    this.events = db.collection(COLLECTIONS.events);
    this.settings = readerSettings(options);
  }

  /**
   * One page of rejected events, newest first by received time (ties: later received first).
   *
   * @throws InvalidQueryError for a cursor not issued for this query, or a bad limit.
   * @throws StoreUnavailableError when MongoDB does not answer.
   */
  async listInvalidEvents(query: InvalidEventListQuery): Promise<Page<RejectedEventDocument>> {
    const find = invalidEventListFind(query);
    const documents = await reading('list invalid events', () =>
      this.events.find(find.filter as Filter<StoredEventDocument>, { sort: find.sort, limit: find.limit, maxTimeMS: this.settings.maxTimeMs }).toArray(),
    );
    return toPage(documents as RejectedEventDocument[], {
      limit: query.limit,
      keyOf: (event) => [event.received_us, event.seq, event._id],
      fingerprint: find.fingerprint,
      maxBytes: this.settings.maxPageBytes,
      sizeOf: bsonSize,
    });
  }
}
