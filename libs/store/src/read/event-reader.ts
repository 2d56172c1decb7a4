import type { Collection, Db, Document, Filter } from 'mongodb';
import { COLLECTIONS, type EventDocument, type StoredEventDocument } from '../schema/documents';
import { toPage, type Page } from './keyset';
import { bsonSize, reading, readerSettings, type ReaderOptions } from '../read-options';
import { earliestEventByIdFind, eventByIdFind, eventListFind, type EventListQuery, type PlannedFind } from './read-queries';

/**
 * Reads valid events. The planner picks the index (`query-shapes.ts` names the one that serves
 * each read, and the index tests check it does).
 */
export class EventReader {
  private readonly events: Collection<StoredEventDocument>;
  private readonly settings: Required<ReaderOptions>;

  constructor(db: Db, options: ReaderOptions = {}) {
    this.events = db.collection(COLLECTIONS.events);
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
      this.events.find(find.filter as Filter<StoredEventDocument>, { sort: find.sort, limit: find.limit, maxTimeMS: this.settings.maxTimeMs }).toArray(),
    );
    return toPage(documents as EventDocument[], {
      limit: query.limit,
      keyOf: (event) => [event.ts_us, event.seq, event._id],
      fingerprint: find.fingerprint,
      maxBytes: this.settings.maxPageBytes,
      sizeOf: bsonSize,
    });
  }

  /** The valid event `eventId` of `application`, or null. */
  async findEvent(application: string, eventId: string): Promise<EventDocument | null> {
    return this.findOne(eventByIdFind(application, eventId));
  }

  /** Of all applications' valid events with this id, the one received first; or null. */
  async findEarliestEvent(eventId: string): Promise<EventDocument | null> {
    return this.findOne(earliestEventByIdFind(eventId));
  }

  private async findOne(find: PlannedFind): Promise<EventDocument | null> {
    const [document] = await reading('find an event', () =>
      this.events.find(find.filter as Filter<StoredEventDocument>, { sort: find.sort as Document, limit: 1, maxTimeMS: this.settings.maxTimeMs }).toArray(),
    );
    return (document as EventDocument | undefined) ?? null;
  }
}
