import type { Db, IndexDescription } from 'mongodb';
import { COLLECTIONS } from './documents';

/**
 * Every index The Eye's reads and writes rely on, declared in this one place. Reads follow
 * MongoDB's equality-sort-range rule: equality fields first, then the sort keys, then the range
 * field (which is the leading sort key here, so it shares the sort keys).
 */
export const INDEXES: Readonly<Record<string, readonly IndexDescription[]>> = {
  [COLLECTIONS.events]: [
    { name: 'app_event_id_unique', key: { application: 1, event_id: 1 }, unique: true },
    { name: 'time', key: { ts_us: 1, seq: 1, _id: 1 } },
    { name: 'session_time', key: { session_id: 1, ts_us: 1, seq: 1, _id: 1 } },
    { name: 'type_time', key: { category: 1, name: 1, ts_us: 1, seq: 1, _id: 1 } },
    { name: 'app_time', key: { application: 1, ts_us: 1, seq: 1, _id: 1 } },
    { name: 'event_id_received', key: { event_id: 1, received_us: 1, _id: 1 } },
    { name: 'received', key: { received_at: 1 } },
    { name: 'session_pending', key: { session_pending: 1 } },
  ],
  [COLLECTIONS.invalidEvents]: [
    { name: 'app_event_id_unique', key: { application: 1, event_id: 1 }, unique: true },
    { name: 'received', key: { received_at: 1, seq: 1, _id: 1 } },
    { name: 'type_received', key: { category: 1, name: 1, received_at: 1, seq: 1, _id: 1 } },
    { name: 'code_received', key: { codes: 1, received_at: 1, seq: 1, _id: 1 } },
    { name: 'app_received', key: { application: 1, received_at: 1, seq: 1, _id: 1 } },
  ],
  [COLLECTIONS.sessions]: [],
};

/**
 * Creates every declared index; idempotent, safe to run at each startup. One index per call:
 * FerretDB 1.24 drops the connection when one createIndexes call lists several existing indexes.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [collection, indexes] of Object.entries(INDEXES)) {
    for (const index of indexes) await db.collection(collection).createIndexes([index]);
  }
}
