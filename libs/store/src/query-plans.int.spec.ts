/**
 * Runs every query shape the store can issue against the harness database, with the index hint
 * the readers use.
 *
 * On MongoDB (`mongod`, EYE_TEST_MONGO_FLAVOR=mongodb) it reads each winning plan from `explain`
 * and fails on a collection scan, on an in-memory SORT stage, or on any index but the declared one.
 *
 * On FerretDB (v1.24.2, SQLite backend; what runs where there is no mongod) `explain` cannot prove
 * index use, and this test only checks that every read runs. What FerretDB does instead, as its
 * explain output shows (fields `filterPushdown`, `sortPushdown`, `limitPushdown` and the backend's
 * own `queryPlanner.Plan`):
 * - the `hint` option is accepted and ignored (even a hint naming no index);
 * - the SQLite backend pushes down only equality on `_id` (`filterPushdown: true` for the session
 *   lookup); every other filter, every sort and every limit runs in FerretDB's memory after a
 *   full table scan (`Plan: ["... SCAN <table>"]`, `sortPushdown: false`, `limitPushdown: false`).
 *   The PostgreSQL backend also pushes simple top-level equalities (session_id, name, ...) but
 *   still sorts in memory;
 * - `$group` with a compound `_id` leaves out fields a document lacks (`{}`), where MongoDB
 *   sets them to null; `mergeCounts` accepts both.
 * So on FerretDB a read costs time proportional to the collection, whatever the indexes; the
 * indexes are declared for MongoDB, which is the production target.
 */
import { testMongoFlavor, testMongoUrl } from '@eye/testing';
import type { Document } from 'mongodb';
import { connectMongo, type MongoLink } from './connection';
import { encodeCursor } from './cursor';
import { eventDocument, invalidDocument } from './fixtures.test-util';
import { ensureIndexes } from './indexes';
import { allQueryShapes, describeShape, EVENT_LIST_DRIVERS, INVALID_LIST_DRIVERS, type QueryShape } from './query-shapes';
import {
  earliestEventByIdFind,
  eventByIdFind,
  eventListFind,
  invalidEventListFind,
  sessionByIdFind,
  type EventFilter,
  type InvalidEventFilter,
  type PlannedFind,
} from './read-queries';
import { EventWriter } from './event-writer';
import { statsPipeline } from './stats-reader';

interface PlannedRead {
  shape: QueryShape;
  run(mongo: MongoLink, explain: boolean): Promise<Document | Document[]>;
}

function findRead(find: PlannedFind): PlannedRead {
  return {
    shape: find.shape,
    run: (mongo, explain) => {
      const cursor = mongo.db.collection(find.shape.collection).find(find.filter, { sort: find.sort, limit: find.limit, hint: find.shape.index });
      return explain ? cursor.explain('queryPlanner') : cursor.toArray();
    },
  };
}

function statsRead(shape: QueryShape): PlannedRead {
  return {
    shape,
    run: (mongo, explain) => {
      const cursor = mongo.db.collection(shape.collection).aggregate(statsPipeline({ fromMicros: 0, toMicros: 2 ** 52 }), { hint: shape.index });
      return explain ? cursor.explain('queryPlanner') : cursor.toArray();
    },
  };
}

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((subset) => [...subset, item])], [[]]);
}

const EVENT_FILTER_KEYS: Record<string, keyof EventFilter> = { session_id: 'sessionId', name: 'name', category: 'category', application: 'application' };
const INVALID_FILTER_KEYS: Record<string, keyof InvalidEventFilter> = { name: 'name', codes: 'code', category: 'category', application: 'application' };

/** A read of every shape: each filter combination and order, plain and continued from a cursor. */
function plannedReads(): PlannedRead[] {
  const reads: PlannedRead[] = [];
  for (const fields of subsets(EVENT_LIST_DRIVERS.map(([field]) => field))) {
    const filter: EventFilter = Object.fromEntries(fields.map((field) => [EVENT_FILTER_KEYS[field], 'x']));
    for (const order of ['asc', 'desc'] as const) {
      reads.push(findRead(eventListFind({ filter, order, limit: 10 })));
      const fingerprint = eventListFind({ filter: { ...filter, fromMicros: 0 }, order, limit: 10 }).fingerprint;
      const cursor = encodeCursor([5, 1, 'shop/x'], fingerprint);
      reads.push(findRead(eventListFind({ filter: { ...filter, fromMicros: 0 }, order, limit: 10, cursor })));
    }
  }
  for (const fields of subsets(INVALID_LIST_DRIVERS.map(([field]) => field))) {
    const filter: InvalidEventFilter = Object.fromEntries(fields.map((field) => [INVALID_FILTER_KEYS[field], 'x']));
    reads.push(findRead(invalidEventListFind({ filter, limit: 10 })));
    const fingerprint = invalidEventListFind({ filter: { ...filter, toMicros: 2 ** 52 }, limit: 10 }).fingerprint;
    reads.push(findRead(invalidEventListFind({ filter: { ...filter, toMicros: 2 ** 52 }, limit: 10, cursor: encodeCursor([5, 1, 'shop/x'], fingerprint) })));
  }
  reads.push(findRead(eventByIdFind('shop', 'x')), findRead(earliestEventByIdFind('x')), findRead(sessionByIdFind('x')));
  const [eventStats, invalidStats] = allQueryShapes().filter((shape) => shape.range.includes('received_us') && shape.sort.length === 0);
  reads.push(statsRead(eventStats), statsRead(invalidStats));
  return reads;
}

/** Stage names and index names of every winning plan in an explain output (find or aggregate, classic or SBE). */
function winningPlans(explain: unknown): { stages: string[]; indexes: string[] } {
  const stages: string[] = [];
  const indexes: string[] = [];
  const collect = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['stage'] === 'string') stages.push(record['stage']);
      if (typeof record['indexName'] === 'string') indexes.push(record['indexName']);
      Object.values(record).forEach(collect);
    }
  };
  const find = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(find);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) (key === 'winningPlan' ? collect : find)(value);
    }
  };
  find(explain);
  return { stages, indexes };
}

let mongo: MongoLink;
const reads = plannedReads();

beforeAll(async () => {
  mongo = await connectMongo({ url: testMongoUrl(), appName: 'store-plans-test' });
  await ensureIndexes(mongo.db);
  await new EventWriter(mongo.db).writeBatch(
    Array.from({ length: 20 }, (_, index) => eventDocument({ eventId: `p${index}`, sessionId: `s${index % 3}` })),
    Array.from({ length: 5 }, (_, index) => invalidDocument({ eventId: `i${index}`, category: 'c', name: 'n' })),
  );
});

afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

it('plans a read of every shape the store can issue', () => {
  const planned = new Set(reads.map((read) => describeShape(read.shape)));
  expect([...planned].sort()).toEqual(allQueryShapes().map(describeShape).sort());
});

// On a real mongod the winning plan must use the shape's index: no collection scan, no in-memory
// sort. FerretDB's explain cannot show index use (see the header), so there it shows its plan.
it.each(reads.map((read) => [describeShape(read.shape), read] as const))('runs with its hint: %s', async (_title, read) => {
  await expect(read.run(mongo, false)).resolves.toBeInstanceOf(Array);
  const explain = (await read.run(mongo, true)) as Document;
  if (testMongoFlavor() !== 'mongodb') {
    expect(explain).toHaveProperty('queryPlanner.Plan');
    return;
  }
  const { stages, indexes } = winningPlans(explain);
  expect(stages.length).toBeGreaterThan(0);
  expect(stages).not.toContain('COLLSCAN');
  expect(stages).not.toContain('SORT');
  const byId = stages.some((stage) => /IDHACK|EXPRESS/.test(stage));
  if (!byId) expect(indexes).toContain(read.shape.index);
});
