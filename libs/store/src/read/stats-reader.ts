import type { Db, Document } from 'mongodb';
import { COLLECTIONS } from '../schema/documents';
import type { StoreEngine } from '../schema/engine';
import type { MicrosWindow } from './keyset';
import { reading, readerSettings, type ReaderOptions } from '../read-options';
import { receivedWindowMatch } from './read-queries';

/** Valid and invalid events of one event type received in a window. */
export interface TypeCounts {
  category: string;
  name: string;
  valid: number;
  invalid: number;
}

/** What The Eye received in a window. */
export interface ReceivedStats {
  valid: number;
  invalid: number;
  /**
   * Per `category` + `name`, sorted by both. Invalid events that lack a string category or name
   * have no type: they count in `invalid` only.
   */
  byType: TypeCounts[];
}

/** Events received in one bucket of a timeline, by verdict. */
export interface TimelineBucket {
  /** The bucket's first microsecond (a multiple of the bucket length since the epoch). */
  startMicros: number;
  valid: number;
  invalid: number;
}

/** One `$group` row: a verdict and a type, and how many events had both. */
export interface GroupRow {
  _id?: { valid?: unknown; category?: unknown; name?: unknown } | null;
  count: number;
}

/**
 * The count of a window's events by verdict and type: `$match`, `$group` and `$sum` only, which
 * FerretDB runs too. An event a replay resolved is valid now and counts once, as valid.
 */
export function statsPipeline(window: Required<MicrosWindow>): Document[] {
  return [
    { $match: receivedWindowMatch(window) },
    { $group: { _id: { valid: '$valid', category: '$category', name: '$name' }, count: { $sum: 1 } } },
  ];
}

/** Documents per round trip of a projected read. */
const PROJECTED_BATCH = 10_000;

/**
 * Counts received events by verdict and type, or by verdict and time bucket, over received-time
 * windows. Timelines are grouped by the database where `$group` takes expressions (MongoDB),
 * else computed here from a read projected to two fields (FerretDB 1.x); the engine decides once.
 */
export class StatsReader {
  private readonly settings: Required<ReaderOptions>;

  constructor(
    private readonly db: Db,
    private readonly engine: Pick<StoreEngine, 'groupAccumulators'>,
    options: ReaderOptions = {},
  ) {
    this.settings = readerSettings(options);
  }

  /**
   * Valid and invalid events received per `bucketMs` (at least 1 s) from `fromMicros` (inclusive)
   * to `toMicros` (exclusive): the buckets that hold events, oldest first.
   */
  async receivedTimeline(window: Required<MicrosWindow>, bucketMs: number): Promise<TimelineBucket[]> {
    const bucketUs = Math.max(1_000, Math.floor(bucketMs)) * 1_000;
    const events = this.db.collection(COLLECTIONS.events);
    const buckets = new Map<number, TimelineBucket>();
    const add = (startMicros: number, valid: boolean, count: number) => {
      const bucket = buckets.get(startMicros) ?? { startMicros, valid: 0, invalid: 0 };
      bucket[valid ? 'valid' : 'invalid'] += count;
      buckets.set(startMicros, bucket);
    };
    if (this.engine.groupAccumulators) {
      const rows = await reading('count events over time', () =>
        events
          .aggregate<{ _id: { start: number; valid: boolean }; count: number }>(
            [
              { $match: receivedWindowMatch(window) },
              { $group: { _id: { start: { $subtract: ['$received_us', { $mod: ['$received_us', bucketUs] }] }, valid: '$valid' }, count: { $sum: 1 } } },
            ],
            { maxTimeMS: this.settings.maxTimeMs },
          )
          .toArray(),
      );
      for (const row of rows) add(row._id.start, row._id.valid === true, row.count);
    } else {
      const rows = await reading('count events over time', () =>
        events
          .find<{ received_us: number; valid?: boolean }>(receivedWindowMatch(window), {
            projection: { _id: 0, received_us: 1, valid: 1 },
            batchSize: PROJECTED_BATCH,
            maxTimeMS: this.settings.maxTimeMs,
          })
          .toArray(),
      );
      for (const row of rows) add(row.received_us - (row.received_us % bucketUs), row.valid === true, 1);
    }
    return [...buckets.values()].sort((a, b) => a.startMicros - b.startMicros);
  }

  /** What was received from `fromMicros` (inclusive) to `toMicros` (exclusive). */
  async receivedStats(window: Required<MicrosWindow>): Promise<ReceivedStats> {
    const rows = await reading('count events', () =>
      this.db.collection(COLLECTIONS.events).aggregate<GroupRow>(statsPipeline(window), { maxTimeMS: this.settings.maxTimeMs }).toArray(),
    );
    return countsFromRows(rows);
  }
}

/** Adds up the rows of {@link statsPipeline} (FerretDB leaves missing group keys out, MongoDB sets them null). */
export function countsFromRows(rows: readonly GroupRow[]): ReceivedStats {
  const byType = new Map<string, TypeCounts>();
  const totals = { valid: 0, invalid: 0 };
  for (const row of rows) {
    const kind = row._id?.valid === true ? 'valid' : 'invalid';
    totals[kind] += row.count;
    const category = row._id?.category;
    const name = row._id?.name;
    if (typeof category !== 'string' || typeof name !== 'string') continue;
    const key = JSON.stringify([category, name]);
    const counts = byType.get(key) ?? { category, name, valid: 0, invalid: 0 };
    counts[kind] += row.count;
    byType.set(key, counts);
  }
  const sorted = [...byType.values()].sort((a, b) => compareText(a.category, b.category) || compareText(a.name, b.name));
  return { ...totals, byType: sorted };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
