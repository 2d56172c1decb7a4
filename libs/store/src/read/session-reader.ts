import type { Collection, Db } from 'mongodb';
import { COLLECTIONS, type StoredEventDocument } from '../schema/documents';
import type { StoreEngine } from '../schema/engine';
import { reading, readerSettings, type ReaderOptions } from '../read-options';
import { sessionEventsMatch } from './read-queries';
import { summarizeEvents, type SessionSummary, type SummarizedFields } from './session-summary';

interface SummaryRow {
  first_us: number;
  last_us: number;
  event_count: number;
  categories: string[];
  applications: string[];
}

/** Documents per round trip of the projected read: a session of 100,000 events in ten. */
const PROJECTED_BATCH = 10_000;

/**
 * Session summaries, computed from the stored events when asked (nothing is kept per session):
 * where `$group` has `$min`, `$max` and `$addToSet` (MongoDB), by one aggregation over the session
 * index; elsewhere (FerretDB 1.x) by a read of the session's events projected to the four fields
 * a summary needs, summarized here by {@link summarizeEvents}. The engine decides once, at
 * construction.
 */
export class SessionReader {
  private readonly events: Collection<StoredEventDocument>;
  private readonly settings: Required<ReaderOptions>;
  private readonly aggregate: boolean;

  constructor(db: Db, engine: Pick<StoreEngine, 'groupAccumulators'>, options: ReaderOptions = {}) {
    this.events = db.collection(COLLECTIONS.events);
    this.settings = readerSettings(options);
    this.aggregate = engine.groupAccumulators;
  }

  /**
   * The summary of a session over its valid events, or null when it has none.
   *
   * @throws StoreUnavailableError when MongoDB does not answer in time.
   */
  async summary(sessionId: string): Promise<SessionSummary | null> {
    const match = sessionEventsMatch(sessionId);
    if (!this.aggregate) {
      const events = await reading('summarize a session', () =>
        this.events
          .find(match, { projection: { _id: 0, session_id: 1, ts_us: 1, category: 1, application: 1 }, batchSize: PROJECTED_BATCH, maxTimeMS: this.settings.maxTimeMs })
          .toArray(),
      );
      return summarizeEvents(events as unknown as SummarizedFields[]).get(sessionId) ?? null;
    }
    const [row] = await reading('summarize a session', () =>
      this.events
        .aggregate<SummaryRow>(
          [
            { $match: match },
            {
              $group: {
                _id: null,
                first_us: { $min: '$ts_us' },
                last_us: { $max: '$ts_us' },
                event_count: { $sum: 1 },
                categories: { $addToSet: '$category' },
                applications: { $addToSet: '$application' },
              },
            },
          ],
          { maxTimeMS: this.settings.maxTimeMs },
        )
        .toArray(),
    );
    if (!row) return null;
    return {
      session_id: sessionId,
      first_us: row.first_us,
      last_us: row.last_us,
      event_count: row.event_count,
      categories: [...row.categories].sort(),
      applications: [...row.applications].sort(),
    };
  }
}
