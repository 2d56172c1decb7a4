import type { Collection, Db } from 'mongodb';
import { COLLECTIONS, type InvalidEventDocument } from './documents';
import { toPage, type Page } from './keyset';
import { bsonSize, reading, readerSettings, type ReaderOptions } from './read-options';
import { invalidEventListFind, type InvalidEventListQuery } from './read-queries';

/** Reads invalid events, newest first, each with its issues and its JSON exactly as sent. */
export class InvalidEventReader {
  private readonly invalid: Collection<InvalidEventDocument>;
  private readonly settings: Required<ReaderOptions>;

  constructor(db: Db, options: ReaderOptions = {}) {
    this.invalid = db.collection(COLLECTIONS.invalidEvents);
    this.settings = readerSettings(options);
  }

  /**
   * One page of invalid events, newest first by received time (ties: later received first).
   *
   * @throws InvalidQueryError for a cursor not issued for this query, or a bad limit.
   * @throws StoreUnavailableError when MongoDB does not answer.
   */
  async listInvalidEvents(query: InvalidEventListQuery): Promise<Page<InvalidEventDocument>> {
    const find = invalidEventListFind(query);
    const documents = await reading('list invalid events', () =>
      this.invalid
        .find(find.filter, { sort: find.sort, limit: find.limit, hint: find.shape.index, maxTimeMS: this.settings.maxTimeMs })
        .toArray(),
    );
    return toPage(documents, {
      limit: query.limit,
      keyOf: (event) => [event.received_us, event.seq, event._id],
      fingerprint: find.fingerprint,
      maxBytes: this.settings.maxPageBytes,
      sizeOf: bsonSize,
    });
  }
}
