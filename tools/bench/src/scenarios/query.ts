import { COLLECTIONS, eventKey, type EventDocument } from '@eye/store';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { startBenchStack, type BenchEnvironment } from '../environment';
import type { BenchSettings } from '../settings';
import { percentile, ratio, round } from '../stats';

export interface QuerySizeResult {
  session_p50_ms: number;
  session_p99_ms: number;
  range_p50_ms: number;
  range_p99_ms: number;
  ratio: number;
  /** Requests not answered 200 (e.g. 503 when a read passes the query service's 10 s limit). */
  errors: number;
}

const EVENTS_PER_SESSION = 20;
const TYPES = [
  { category: 'page interaction', name: 'pageview' },
  { category: 'page interaction', name: 'cta click' },
  { category: 'form interaction', name: 'submit' },
] as const;
/** One stored event a second from here on. */
const START_US = Date.UTC(2026, 0, 1) * 1000;
const PAGE_LIMIT = 100;
/** The range query's window: one hour, so a category matches ~1,200 events once enough are stored. */
const WINDOW_US = 3_600 * 1e6;
const TIME_SORT = { ts_us: 1, seq: 1, _id: 1 } as const;
/** The query service's read limit (its default `maxTimeMS`). */
const READ_LIMIT_MS = 10_000;

function storedEvent(index: number, application: string): EventDocument {
  const type = TYPES[index % TYPES.length];
  const tsUs = START_US + index * 1e6;
  const eventId = `q-${index}`;
  return {
    _id: eventKey(application, eventId),
    application,
    event_id: eventId,
    session_id: `q-session-${Math.floor(index / EVENTS_PER_SESSION)}`,
    category: type.category,
    name: type.name,
    data: { host: 'www.example.com', path: '/pricing', element: 'chat bubble', form: {} },
    ts_us: tsUs,
    timestamp: new Date(tsUs / 1000),
    received_at: new Date(tsUs / 1000),
    received_us: tsUs,
    seq: index + 1,
    stored_at: new Date(tsUs / 1000),
    valid: true,
  };
}

async function fill(events: Collection<EventDocument>, from: number, to: number, application: string): Promise<void> {
  const chunk = 5_000;
  for (let start = from; start < to; start += chunk) {
    const documents = Array.from({ length: Math.min(chunk, to - start) }, (_, offset) => storedEvent(start + offset, application));
    await events.insertMany(documents, { ordered: false });
    if ((start / chunk) % 20 === 19) process.stderr.write(`  query: ${start + documents.length} events stored\n`);
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * `query`: a session timeline and a category + one-hour page, through the gateway and directly
 * with the driver (the same filter, sort and limit the query service sends), at each size.
 */
export async function runQuery(env: BenchEnvironment, settings: BenchSettings): Promise<Record<string, QuerySizeResult>> {
  const bench = await startBenchStack(env, { validators: 1 });
  const mongo = await MongoClient.connect(bench.mongoUrl);
  const results: Record<string, QuerySizeResult> = {};
  try {
    await bench.stack.services.validator.stop();
    const events = mongo.db().collection<EventDocument>(COLLECTIONS.events);
    const headers = { authorization: `Bearer ${bench.token}` };
    let failures = 0;
    const get = async (path: string) => {
      const response = await fetch(`${bench.stack.gatewayUrl}${path}`, { headers });
      const body = await response.text();
      if (response.status !== 200) {
        failures += 1;
        process.stderr.write(`  query: GET ${path} answered ${response.status}: ${body.slice(0, 200)}\n`);
      }
    };
    // The find the query service sends, with its 10 s limit (a read past it fails, there as here).
    const direct = (filter: Document) =>
      events
        .find(filter, { sort: TIME_SORT, limit: PAGE_LIMIT + 1, maxTimeMS: READ_LIMIT_MS })
        .toArray()
        .catch((error: unknown) => process.stderr.write(`  query: direct find failed: ${(error as Error).message}\n`));

    let stored = 0;
    for (const size of settings.querySizes) {
      failures = 0;
      await fill(events, stored, size, bench.application);
      stored = size;
      const samples = { session: [] as number[], range: [] as number[], sessionDirect: [] as number[], rangeDirect: [] as number[] };
      for (let sample = 0; sample < settings.querySamples; sample += 1) {
        const session = `q-session-${Math.floor(Math.random() * (size / EVENTS_PER_SESSION))}`;
        const type = TYPES[sample % TYPES.length];
        const fromUs = START_US + Math.floor(Math.random() * Math.max(1, size * 1e6 - WINDOW_US));
        const fromIso = new Date(fromUs / 1000).toISOString();
        const toIso = new Date((fromUs + WINDOW_US) / 1000).toISOString();
        const range = `category=${encodeURIComponent(type.category)}&from=${fromIso}&to=${toIso}&limit=${PAGE_LIMIT}`;
        samples.session.push(await timed(() => get(`/v1/sessions/${session}/events?limit=${PAGE_LIMIT}`)));
        samples.sessionDirect.push(await timed(() => direct({ session_id: session, valid: true })));
        samples.range.push(await timed(() => get(`/v1/events?${range}`)));
        samples.rangeDirect.push(await timed(() => direct({ category: type.category, valid: true, ts_us: { $gte: fromUs, $lt: fromUs + WINDOW_US } })));
      }
      const ours = percentile(samples.session, 50) + percentile(samples.range, 50);
      const baseline = percentile(samples.sessionDirect, 50) + percentile(samples.rangeDirect, 50);
      results[String(size)] = {
        session_p50_ms: round(percentile(samples.session, 50)),
        session_p99_ms: round(percentile(samples.session, 99)),
        range_p50_ms: round(percentile(samples.range, 50)),
        range_p99_ms: round(percentile(samples.range, 99)),
        ratio: ratio(baseline, ours),
        errors: failures,
      };
      process.stderr.write(`  query at ${size}: ${JSON.stringify(results[String(size)])}\n`);
    }
    return results;
  } finally {
    await mongo.close();
    await bench.stop();
  }
}
