import type { Db, Document } from 'mongodb';
import type { MicrosWindow } from './keyset';
import { EVENT_STATS_SHAPE, INVALID_EVENT_STATS_SHAPE, type QueryShape } from './query-shapes';
import { reading, readerSettings, type ReaderOptions } from './read-options';
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

interface GroupRow {
  _id?: { category?: unknown; name?: unknown } | null;
  count: number;
}

/**
 * The aggregation per collection: the window's documents grouped by type. Only `$match`,
 * `$group` and `$sum`, which FerretDB runs too; the two collections are read separately and
 * merged here (no `$facet` or `$unionWith`).
 */
export function statsPipeline(window: Required<MicrosWindow>, residual: Document = {}): Document[] {
  return [
    { $match: { ...receivedWindowMatch(window), ...residual } },
    { $group: { _id: { category: '$category', name: '$name' }, count: { $sum: 1 } } },
  ];
}

/** Invalid events no replay has stored as valid (those count as valid: they are in `events` too). */
const UNRESOLVED: Document = { resolved_at: { $exists: false } };

/**
 * Counts received events by validity and type over received-time windows. An invalid event that
 * `errors replay` resolved counts once, as valid.
 */
export class StatsReader {
  private readonly settings: Required<ReaderOptions>;

  constructor(
    private readonly db: Db,
    options: ReaderOptions = {},
  ) {
    this.settings = readerSettings(options);
  }

  /** What was received from `fromMicros` (inclusive) to `toMicros` (exclusive). */
  async receivedStats(window: Required<MicrosWindow>): Promise<ReceivedStats> {
    const [valid, invalid] = await Promise.all([this.groups(EVENT_STATS_SHAPE, window), this.groups(INVALID_EVENT_STATS_SHAPE, window)]);
    return mergeCounts(valid, invalid);
  }

  private groups(shape: QueryShape, window: Required<MicrosWindow>): Promise<GroupRow[]> {
    return reading('count events', () =>
      this.db
        .collection(shape.collection)
        .aggregate<GroupRow>(statsPipeline(window, shape === INVALID_EVENT_STATS_SHAPE ? UNRESOLVED : {}), { hint: shape.index, maxTimeMS: this.settings.maxTimeMs })
        .toArray(),
    );
  }
}

/** Merges the per-type groups of both collections (FerretDB leaves missing group keys out, MongoDB sets them null). */
export function mergeCounts(validRows: readonly GroupRow[], invalidRows: readonly GroupRow[]): ReceivedStats {
  const byType = new Map<string, TypeCounts>();
  const add = (rows: readonly GroupRow[], kind: 'valid' | 'invalid'): number => {
    let total = 0;
    for (const row of rows) {
      total += row.count;
      const category = row._id?.category;
      const name = row._id?.name;
      if (typeof category !== 'string' || typeof name !== 'string') continue;
      const key = JSON.stringify([category, name]);
      const counts = byType.get(key) ?? { category, name, valid: 0, invalid: 0 };
      counts[kind] += row.count;
      byType.set(key, counts);
    }
    return total;
  };
  const valid = add(validRows, 'valid');
  const invalid = add(invalidRows, 'invalid');
  const sorted = [...byType.values()].sort((a, b) => compareText(a.category, b.category) || compareText(a.name, b.name));
  return { valid, invalid, byType: sorted };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
