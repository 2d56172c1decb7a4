/**
 * Runs every query shape the store can issue against the harness database, as the readers send
 * it (no `hint`: the planner chooses).
 *
 * On MongoDB (`mongod`, EYE_TEST_MONGO_FLAVOR=mongodb) it reads each winning plan from `explain`
 * and fails on a collection scan or an in-memory SORT stage: the planner found an index that
 * serves the read (`indexes.spec.ts` proves the declared one does).
 *
 * On FerretDB 1.24 (what runs where there is no mongod) `explain` cannot show index use, and this
 * test checks that every read runs and what FerretDB pushes down. As its explain output shows
 * (`filterPushdown`, `sortPushdown`, `limitPushdown` and the backend's own `queryPlanner.Plan`):
 * - the PostgreSQL backend pushes top-level equalities down as JSON containment
 *   (`_jsonb->'session_id' @> '"x"'`), which no index serves: PostgreSQL scans the table, but
 *   only matching documents reach FerretDB; ranges, sorts and limits run in FerretDB's memory;
 * - the SQLite backend pushes down only equality on `_id`;
 * - `$group` with a compound `_id` leaves out fields a document lacks (`{}`), where MongoDB
 *   sets them to null; `countsFromRows` accepts both.
 * So on FerretDB a read costs time in proportion to the documents its equalities select; the
 * indexes are declared for MongoDB (and not created on FerretDB 1.x, where they would only slow
 * inserts: see `ensureIndexes`).
 */
import { testMongoFlavor, testMongoUrl } from '@eye/testing';
import type { Document } from 'mongodb';
import { connectMongo, type MongoLink } from '../connection';
import { encodeCursor } from '../read/cursor';
import { eventDocument, invalidDocument } from '../fixtures.test-util';
import {
  earliestEventByIdFind,
  eventByIdFind,
  eventListFind,
  invalidEventListFind,
  sessionEventsMatch,
  type EventFilter,
  type InvalidEventFilter,
  type PlannedFind,
} from '../read/read-queries';
import { statsPipeline } from '../read/stats-reader';
import { EventWriter } from '../write/event-writer';
import { detectStoreEngine } from './engine';
import { ensureIndexes } from './indexes';
import { allQueryShapes, describeShape, EVENT_LIST_DRIVERS, INVALID_LIST_DRIVERS, SESSION_EVENTS_SHAPE, STATS_SHAPE, type QueryShape } from './query-shapes';

interface PlannedRead {
  shape: QueryShape;
  run(mongo: MongoLink, explain: boolean): Promise<Document | Document[]>;
}

function findRead(find: PlannedFind): PlannedRead {
  return {
    shape: find.shape,
    run: (mongo, explain) => {
      const cursor = mongo.db.collection(find.shape.collection).find(find.filter, { sort: find.sort, limit: find.limit });
      return explain ? cursor.explain('queryPlanner') : cursor.toArray();
    },
  };
}

function aggregateRead(shape: QueryShape, pipeline: Document[]): PlannedRead {
  return {
    shape,
    run: (mongo, explain) => {
      const cursor = mongo.db.collection(shape.collection).aggregate(pipeline);
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
  reads.push(
    findRead(eventByIdFind('shop', 'x')),
    findRead(earliestEventByIdFind('x')),
    aggregateRead(SESSION_EVENTS_SHAPE, [{ $match: sessionEventsMatch('s1') }, { $group: { _id: null, n: { $sum: 1 } } }]),
    aggregateRead(STATS_SHAPE, statsPipeline({ fromMicros: 0, toMicros: 2 ** 52 })),
  );
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
  await ensureIndexes(mongo.db, await detectStoreEngine(mongo.db));
  await new EventWriter(mongo.db).insert([
    ...Array.from({ length: 20 }, (_, index) => eventDocument({ eventId: `p${index}`, sessionId: `s${index % 3}` })),
    ...Array.from({ length: 5 }, (_, index) => invalidDocument({ eventId: `i${index}`, category: 'c', name: 'n' })),
  ]);
});

afterAll(async () => {
  await mongo.db.dropDatabase();
  await mongo.close();
});

it('plans a read of every shape the store can issue', () => {
  const planned = new Set(reads.map((read) => describeShape(read.shape)));
  expect([...planned].sort()).toEqual(allQueryShapes().map(describeShape).sort());
});

// On a real mongod the planner's winning plan must be served by an index: no collection scan, no
// in-memory sort. FerretDB's explain cannot show index use (see the header); there it shows which
// equalities it pushed down.
it.each(reads.map((read) => [describeShape(read.shape), read] as const))('runs as the readers send it: %s', async (_title, read) => {
  await expect(read.run(mongo, false)).resolves.toBeInstanceOf(Array);
  const explain = (await read.run(mongo, true)) as Document;
  if (testMongoFlavor() !== 'mongodb') {
    expect(explain).toHaveProperty('queryPlanner.Plan');
    expect(explain).toHaveProperty('sortPushdown', false);
    return;
  }
  const { stages, indexes } = winningPlans(explain);
  expect(stages.length).toBeGreaterThan(0);
  expect(stages).not.toContain('COLLSCAN');
  expect(stages).not.toContain('SORT');
  const byId = stages.some((stage) => /IDHACK|EXPRESS/.test(stage));
  if (!byId) expect(indexes.length).toBeGreaterThan(0);
});
