import type { Db, IndexDescription } from 'mongodb';
import { COLLECTIONS } from './documents';

/**
 * Every index The Eye's reads and writes rely on, declared in this one place. Reads follow
 * MongoDB's equality-sort-range rule: equality fields first, then the sort keys, then the range
 * field (here the leading sort key, so the sort keys carry it). `query-shapes.ts` names the
 * index each read uses, and `indexes.spec.ts` checks that it serves that read.
 *
 * Every `_id` index exists without being declared. An index whose key or options change gets
 * dropped and rebuilt by {@link ensureIndexes}.
 */
export const INDEXES: Readonly<Record<string, readonly IndexDescription[]>> = {
  [COLLECTIONS.events]: [
    // Writes: one event per application and id.
    { name: 'app_event_id_unique', key: { application: 1, event_id: 1 }, unique: true },
    // Event lists in time order, unfiltered or driven by one equality filter.
    { name: 'time', key: { ts_us: 1, seq: 1, _id: 1 } },
    { name: 'session_time', key: { session_id: 1, ts_us: 1, seq: 1, _id: 1 } },
    { name: 'name_time', key: { name: 1, ts_us: 1, seq: 1, _id: 1 } },
    { name: 'category_time', key: { category: 1, ts_us: 1, seq: 1, _id: 1 } },
    { name: 'app_time', key: { application: 1, ts_us: 1, seq: 1, _id: 1 } },
    // One event by id when no application is given: the earliest received.
    { name: 'event_id_received', key: { event_id: 1, received_us: 1, seq: 1, _id: 1 } },
    // Stats over a received-time window.
    { name: 'received', key: { received_us: 1 } },
  ],
  [COLLECTIONS.invalidEvents]: [
    { name: 'app_event_id_unique', key: { application: 1, event_id: 1 }, unique: true },
    // Error lists, newest first (scanned backwards), unfiltered or driven by one filter; stats.
    { name: 'received', key: { received_us: 1, seq: 1, _id: 1 } },
    { name: 'name_received', key: { name: 1, received_us: 1, seq: 1, _id: 1 } },
    { name: 'code_received', key: { codes: 1, received_us: 1, seq: 1, _id: 1 } },
    { name: 'category_received', key: { category: 1, received_us: 1, seq: 1, _id: 1 } },
    { name: 'app_received', key: { application: 1, received_us: 1, seq: 1, _id: 1 } },
  ],
  [COLLECTIONS.sessions]: [],
};

/** MongoDB's error for a namespace that does not exist yet (listIndexes on a new collection). */
const NAMESPACE_NOT_FOUND = 26;
/** MongoDB's error for dropping an index that is gone (another service dropped it first). */
const INDEX_NOT_FOUND = 27;

interface ExistingIndex {
  name: string;
  key: Record<string, unknown>;
  unique?: boolean;
}

function sameDefinition(existing: ExistingIndex, declared: IndexDescription): boolean {
  return JSON.stringify(existing.key) === JSON.stringify(declared.key) && Boolean(existing.unique) === Boolean(declared.unique);
}

/**
 * Existing indexes that stand in the way of the declared ones: a declared name with another
 * key or options (an index whose definition changed), or a declared key under another name (a
 * renamed index). MongoDB refuses to create the declared index next to either.
 */
export function conflictingIndexes(existing: readonly ExistingIndex[], declared: readonly IndexDescription[]): string[] {
  const conflicts = new Set<string>();
  for (const index of declared) {
    for (const current of existing) {
      if (current.name === '_id_') continue;
      const sameName = current.name === index.name;
      const sameKey = JSON.stringify(current.key) === JSON.stringify(index.key);
      if ((sameName && !sameDefinition(current, index)) || (!sameName && sameKey)) conflicts.add(current.name);
    }
  }
  return [...conflicts];
}

async function existingIndexes(db: Db, collection: string): Promise<ExistingIndex[]> {
  try {
    return (await db.collection(collection).listIndexes().toArray()) as ExistingIndex[];
  } catch (error) {
    if ((error as { code?: number }).code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}

/**
 * Creates every declared index, first dropping existing ones whose definition or name changed;
 * idempotent, safe to run at each startup of every service that reads or writes the store. One
 * index per call: FerretDB 1.24 drops the connection when one createIndexes call lists several
 * existing indexes.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [collection, indexes] of Object.entries(INDEXES)) {
    if (indexes.length === 0) continue;
    for (const name of conflictingIndexes(await existingIndexes(db, collection), indexes)) {
      try {
        await db.collection(collection).dropIndex(name);
      } catch (error) {
        if ((error as { code?: number }).code !== INDEX_NOT_FOUND) throw error;
      }
    }
    for (const index of indexes) await db.collection(collection).createIndexes([index]);
  }
}
