import type { Db, IndexDescription } from 'mongodb';
import { COLLECTIONS } from './documents';
import type { StoreEngine } from './engine';

/** The key that orders valid events: timestamp, then the order received, then `_id` (unique). */
const TIME_ORDER = { ts_us: 1, seq: 1, _id: 1 } as const;
/** The key that orders rejected events (newest first, scanned backwards) and events with one id. */
const RECEIVED_ORDER = { received_us: 1, seq: 1, _id: 1 } as const;

/**
 * Every index The Eye's reads rely on, declared in this one place (the writer needs only `_id`).
 * Reads follow MongoDB's equality-sort-range rule: equality fields first (`valid: true` for event
 * lists, `rejected: true` for error lists, plus the filter that drives the scan), then the sort
 * keys, then the range field (here the leading sort key, so the sort keys carry it).
 * `query-shapes.ts` names the index each read should get, and `indexes.spec.ts` checks that it
 * serves that read; the readers leave the choice to the planner (no `hint`).
 *
 * An index whose key or options change is dropped and rebuilt by {@link ensureIndexes}.
 */
export const INDEXES: Readonly<Record<string, readonly IndexDescription[]>> = {
  [COLLECTIONS.events]: [
    // Event lists in time order, unfiltered or driven by one equality filter.
    { name: 'time', key: { valid: 1, ...TIME_ORDER } },
    { name: 'session_time', key: { session_id: 1, valid: 1, ...TIME_ORDER } },
    { name: 'name_time', key: { name: 1, valid: 1, ...TIME_ORDER } },
    { name: 'category_time', key: { category: 1, valid: 1, ...TIME_ORDER } },
    { name: 'app_time', key: { application: 1, valid: 1, ...TIME_ORDER } },
    // One event by id when no application is given: the earliest received.
    { name: 'event_id_received', key: { event_id: 1, valid: 1, ...RECEIVED_ORDER } },
    // Error lists, newest first, unfiltered or driven by one filter.
    { name: 'rejected_received', key: { rejected: 1, ...RECEIVED_ORDER } },
    { name: 'name_rejected', key: { name: 1, rejected: 1, ...RECEIVED_ORDER } },
    { name: 'code_rejected', key: { codes: 1, rejected: 1, ...RECEIVED_ORDER } },
    { name: 'category_rejected', key: { category: 1, rejected: 1, ...RECEIVED_ORDER } },
    { name: 'app_rejected', key: { application: 1, rejected: 1, ...RECEIVED_ORDER } },
    // Stats over a received-time window; holds every field the count groups by (a covered read).
    { name: 'received_kind', key: { received_us: 1, valid: 1, category: 1, name: 1 } },
  ],
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

async function dropIndexes(db: Db, collection: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await db.collection(collection).dropIndex(name);
    } catch (error) {
      if ((error as { code?: number }).code !== INDEX_NOT_FOUND) throw error;
    }
  }
}

/**
 * Brings the indexes to the declared ones; idempotent, safe at each startup of every service.
 * On an engine that answers queries from its indexes, creates every declared index, first
 * dropping existing ones whose definition or name changed. On one that does not (FerretDB 1.x,
 * see {@link StoreEngine.secondaryIndexes}), creates none and drops ours if they exist: there they
 * only cost inserts. One index per call: FerretDB 1.24 drops the connection when one
 * createIndexes call lists several existing indexes.
 */
export async function ensureIndexes(db: Db, engine: Pick<StoreEngine, 'secondaryIndexes'>): Promise<void> {
  for (const [collection, indexes] of Object.entries(INDEXES)) {
    const existing = await existingIndexes(db, collection);
    if (!engine.secondaryIndexes) {
      const declared = new Set(indexes.map((index) => index.name));
      await dropIndexes(db, collection, existing.map((index) => index.name).filter((name) => declared.has(name)));
      continue;
    }
    await dropIndexes(db, collection, conflictingIndexes(existing, indexes));
    for (const index of indexes) await db.collection(collection).createIndexes([index]);
  }
}
