import type { Db, Document } from 'mongodb';
import { COLLECTIONS } from '../schema/documents';
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

/** Counts received events by verdict and type over received-time windows. */
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
