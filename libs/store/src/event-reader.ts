import type { Collection, Db, Document, Filter } from 'mongodb';
import { COLLECTIONS, type EventDocument, type SessionDocument } from './documents';
import { toPage, type Page } from './keyset';
import { bsonSize, reading, readerSettings, type ReaderOptions } from './read-options';
import { earliestEventByIdFind, eventByIdFind, eventListFind, sessionByIdFind, type EventListQuery, type PlannedFind } from './read-queries';

/**
 * Reads valid events and session summaries. Every read runs with the `hint` of the declared
 * index its shape names (`query-shapes.ts`), so MongoDB never falls back to a collection scan.
 */
export class EventReader {
  private readonly events: Collection<EventDocument>;
  private readonly sessions: Collection<SessionDocument>;
  private readonly settings: Required<ReaderOptions>;

  constructor(db: Db, options: ReaderOptions = {}) {
    this.events = db.collection(COLLECTIONS.events);
    this.sessions = db.collection(COLLECTIONS.sessions);
    this.settings = readerSettings(options);
  }

  /**
   * One page of events in time order (timestamp, then the order received). Paging with the
   * returned cursors visits every matching event exactly once, also while events arrive.
   *
   * @throws InvalidQueryError for a cursor not issued for this query, or a bad limit.
   * @throws StoreUnavailableError when MongoDB does not answer.
   */
  async listEvents(query: EventListQuery): Promise<Page<EventDocument>> {
    const find = eventListFind(query);
    const documents = await reading('list events', () =>
      this.events
        .find(find.filter, { sort: find.sort, limit: find.limit, hint: find.shape.index, maxTimeMS: this.settings.maxTimeMs })
        .toArray(),
    );
    return toPage(documents, {
      limit: query.limit,
      keyOf: (event) => [event.ts_us, event.seq, event._id],
      fingerprint: find.fingerprint,
      maxBytes: this.settings.maxPageBytes,
      sizeOf: bsonSize,
    });
  }

  /** The event `eventId` of `application`, or null. */
  async findEvent(application: string, eventId: string): Promise<EventDocument | null> {
    return this.findOne(this.events, eventByIdFind(application, eventId), 'find an event');
  }

  /** Of all applications' events with this id, the one received first; or null. */
  async findEarliestEvent(eventId: string): Promise<EventDocument | null> {
    return this.findOne(this.events, earliestEventByIdFind(eventId), 'find an event');
  }

  /** A session's summary over its valid events, or null when it has none. */
  async findSession(sessionId: string): Promise<SessionDocument | null> {
    return this.findOne(this.sessions, sessionByIdFind(sessionId), 'find a session');
  }

  private async findOne<T extends Document>(collection: Collection<T>, find: PlannedFind, what: string): Promise<T | null> {
    const [document] = await reading(what, () =>
      collection.find(find.filter as Filter<T>, { sort: find.sort, limit: 1, hint: find.shape.index, maxTimeMS: this.settings.maxTimeMs }).toArray(),
    );
    return (document as T | undefined) ?? null;
  }
}
