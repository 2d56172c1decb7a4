import type { Db } from 'mongodb';
import { COLLECTIONS } from './documents';

/**
 * What the MongoDB-wire server behind a connection can do, found out once at startup (not per
 * request): the readers and the index setup choose their strategy from it.
 */
export interface StoreEngine {
  /** `mongodb` for a real server, `ferretdb` for FerretDB. */
  readonly kind: 'mongodb' | 'ferretdb';
  /** The server's own version, e.g. `7.0.14` or `v1.24.2` (FerretDB's, not the version it emulates). */
  readonly version: string;
  /**
   * Whether `$group` has `$min`, `$max` and `$addToSet` and groups by expressions such as
   * `$subtract` (MongoDB does; FerretDB 1.x has only `$sum` and `$count`, by fields). Without
   * them, summaries and timelines are computed from a projected read instead.
   */
  readonly groupAccumulators: boolean;
  /**
   * Whether queries are answered from secondary indexes. FerretDB 1.x creates them but answers
   * every query by scanning (it pushes only equality filters down to its backend, as JSON
   * containment, which its indexes cannot serve), so there they would only slow every insert.
   */
  readonly secondaryIndexes: boolean;
  /**
   * Whether an equality filter on an ordinary field is answered by the backend, so that it reads
   * only the matching documents: MongoDB, and FerretDB on PostgreSQL. FerretDB on SQLite pushes
   * down only `_id` equality and decodes the whole collection for any other filter. There,
   * reading a page minute by minute would mean one full decode per minute.
   */
  readonly equalityPushdown: boolean;
}

/** MongoDB's code for a feature the server does not have (FerretDB's unimplemented accumulators). */
const NOT_IMPLEMENTED = 238;
/** MongoDB's code for creating a collection that is already there. */
const NAMESPACE_EXISTS = 48;

/**
 * Asks the server what it is and tries the accumulators summaries need. Throws when the server
 * does not answer (callers retry until it does).
 */
export async function detectStoreEngine(db: Db): Promise<StoreEngine> {
  const info = await db.admin().command({ buildInfo: 1 });
  const ferretVersion = typeof info['ferretdbVersion'] === 'string' ? info['ferretdbVersion'] : undefined;
  let groupAccumulators = true;
  try {
    // Matches nothing; still refused up front by a server that lacks the accumulators.
    await db
      .collection(COLLECTIONS.events)
      .aggregate([
        { $match: { _id: '' } },
        { $group: { _id: { $subtract: ['$received_us', { $mod: ['$received_us', 60_000_000] }] }, first: { $min: '$ts_us' }, kinds: { $addToSet: '$category' } } },
      ])
      .toArray();
  } catch (error) {
    if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
    groupAccumulators = false;
  }
  let equalityPushdown = true;
  if (ferretVersion !== undefined) {
    // FerretDB's explain says whether it could push a filter down (`filterPushdown`); on a
    // collection that does not exist yet it always says no, so the collection is made first.
    await db.createCollection(COLLECTIONS.events).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== NAMESPACE_EXISTS) throw error;
    });
    const explained = await db.command({ explain: { find: COLLECTIONS.events, filter: { ts_min: 0 } } });
    equalityPushdown = explained['filterPushdown'] === true;
  }
  return {
    kind: ferretVersion === undefined ? 'mongodb' : 'ferretdb',
    version: ferretVersion ?? String(info['version']),
    groupAccumulators,
    secondaryIndexes: ferretVersion === undefined || !/^v?1\./.test(ferretVersion),
    equalityPushdown,
  };
}

/** One line for logs and reports, e.g. `FerretDB v1.24.2 (no $min/$max/$addToSet; scans instead of indexes)`. */
export function describeStoreEngine(engine: StoreEngine): string {
  const name = engine.kind === 'mongodb' ? `MongoDB ${engine.version}` : `FerretDB ${engine.version}`;
  const gaps = [
    engine.groupAccumulators ? '' : 'no $min/$max/$addToSet',
    engine.secondaryIndexes ? '' : 'scans instead of indexes',
    engine.equalityPushdown ? '' : 'filters only _id in its backend',
  ].filter(Boolean);
  return gaps.length === 0 ? name : `${name} (${gaps.join('; ')})`;
}
