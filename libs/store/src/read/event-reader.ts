import type { Collection, Db, Document, Filter } from 'mongodb';
import { COLLECTIONS, type EventDocument, type StoredEventDocument } from '../schema/documents';
import type { StoreEngine } from '../schema/engine';
import { toPage, type Page } from './keyset';
import { findPage, minuteWalk } from './minute-walk';
import { bsonSize, reading, readerSettings, type ReaderOptions } from '../read-options';
import { earliestEventByIdFind, eventByIdFind, eventListFind, type EventListQuery, type PlannedFind } from './read-queries';

/**
 * Reads valid events. Where the engine answers from indexes (MongoDB) the planner picks one
 * (`query-shapes.ts` names the index that serves each read, and the index tests check it does);
 * where it scans (FerretDB 1.x), a page bounded in time reads one minute at a time
 * ({@link readByMinute}), so it costs the minutes it reads, not the whole collection.
 */
export class EventReader {
  private readonly events: Collection<StoredEventDocument>;
  private readonly settings: Required<ReaderOptions>;
  private readonly byMinute: boolean;

  constructor(db: Db, engine: Pick<StoreEngine, 'secondaryIndexes' | 'equalityPushdown'>, options: ReaderOptions = {}) {
    this.events = db.collection(COLLECTIONS.events);
    this.settings = readerSettings(options);
    this.byMinute = !engine.secondaryIndexes && engine.equalityPushdown;
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
    // No stored timestamp lies further ahead of now than the clock skew (and a second for clocks).
    const latest = (Date.now() + this.settings.clockSkewMs + 1_000) * 1000;
    const walk = this.byMinute ? minuteWalk('ts_min', find.span, query.order === 'asc' ? 1 : -1, latest) : undefined;
    const documents = await reading('list events', () => findPage(this.events, find, walk, this.settings.maxTimeMs));
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
