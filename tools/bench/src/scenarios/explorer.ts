import { createTestApplication } from '@eye/testing';
import { COLLECTIONS, minuteOf, receivedFields, type StoredEventDocument } from '@eye/store';
import { MongoClient, type Collection } from 'mongodb';
import { startBenchStack, type BenchEnvironment } from '../environment';
import type { BenchSettings } from '../settings';
import { percentile, round } from '../stats';

/** One view's first screen: its requests, sent together as the explorer sends them. */
export interface ViewTiming {
  /** Median over the samples, until the last of the view's requests answered. */
  p50_ms: number;
  /** Requests not answered 200 (e.g. 503 when a read passes the query service's 10 s limit). */
  errors: number;
}

/** Per stored-event count, per view. */
export type ExplorerResult = Record<string, Record<string, ViewTiming>>;

/** The explorer's target for a view's first screen. */
export const FIRST_SCREEN_TARGET_MS = 2_000;

const TYPES = [
  { category: 'page interaction', name: 'pageview' },
  { category: 'page interaction', name: 'cta click' },
  { category: 'form interaction', name: 'submit' },
] as const;
/** The seed's traffic: 100,000 events in about 15 minutes. */
const EVENTS_PER_SECOND = 111;
const EVENTS_PER_SESSION = 20;
/** One event in this many is invalid. */
const INVALID_EVERY = 20;
const APPLICATION = 'explorer-bench';

/** Stored events up to now at the seed's rate, as the validator writes them (valid and invalid). */
function storedEvent(index: number, count: number, nowUs: number): StoredEventDocument {
  const type = TYPES[index % TYPES.length];
  const us = nowUs - Math.round(((count - index) * 1e6) / EVENTS_PER_SECOND);
  const received = receivedFields({ application: APPLICATION, eventId: `x-${index}`, receivedMicros: us, seq: index + 1 });
  const sessionId = `x-session-${Math.floor(index / EVENTS_PER_SESSION)}`;
  if (index % INVALID_EVERY === 0) {
    const issues = [{ path: 'data.host', code: 'required', message: 'data.host is required' }];
    return { ...received, session_id: sessionId, ...type, valid: false, rejected: true, issues, codes: ['required'], raw_json: '{"data":{}}' };
  }
  return {
    ...received,
    session_id: sessionId,
    ...type,
    data: { host: 'www.example.com', path: '/pricing', element: 'chat bubble', form: { plan: 'pro' } },
    ts_us: us,
    ts_min: minuteOf(us),
    timestamp: new Date(us / 1000),
    valid: true,
  };
}

async function fill(events: Collection<StoredEventDocument>, count: number, nowUs: number): Promise<void> {
  const chunk = 5_000;
  for (let start = 0; start < count; start += chunk) {
    const documents = Array.from({ length: Math.min(chunk, count - start) }, (_, offset) => storedEvent(start + offset, count, nowUs));
    await events.insertMany(documents, { ordered: false });
    if ((start / chunk) % 20 === 19) process.stderr.write(`  explorer: ${start + documents.length} events stored\n`);
  }
}

/**
 * `explorer`: the first screen of each view of the explorer (the requests it sends to show its
 * first screen, sent together) on a store holding each size of events at the seed's rate up to
 * now, 5 % of them invalid: live (the last 15 minutes), events (newest first), one event, a
 * session (summary and events), errors (newest first), stats (24 hours: counts and the
 * per-minute timeline) and event types.
 */
export async function runExplorer(env: BenchEnvironment, settings: BenchSettings): Promise<ExplorerResult> {
  const results: ExplorerResult = {};
  for (const size of settings.explorerSizes) {
    const bench = await startBenchStack(env, { validators: 1 });
    const mongo = await MongoClient.connect(bench.mongoUrl);
    try {
      const nowUs = Date.now() * 1000;
      await fill(mongo.db().collection<StoredEventDocument>(COLLECTIONS.events), size, nowUs);
      const app = await createTestApplication(bench.mongoUrl, { name: `${bench.application}-reader` });
      const get = async (path: string): Promise<boolean> => {
        const response = await fetch(`${bench.stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${app.token}` } });
        await response.arrayBuffer();
        if (response.status !== 200) process.stderr.write(`  explorer: GET ${path} answered ${response.status}\n`);
        return response.status === 200;
      };
      const iso = (ms: number) => new Date(ms).toISOString();
      const session = `x-session-${Math.floor((size - 1) / EVENTS_PER_SESSION)}`;
      const views: Record<string, () => string[]> = {
        live: () => [`/v1/events?order=desc&limit=50&from=${iso(Date.now() - 15 * 60_000)}`, `/v1/errors?limit=50&from=${iso(Date.now() - 15 * 60_000)}`],
        events: () => ['/v1/events?order=desc&limit=50'],
        event: () => [`/v1/events/x-${size - 1}?application=${APPLICATION}`],
        session: () => [`/v1/sessions/${session}`, `/v1/sessions/${session}/events?limit=50`],
        errors: () => ['/v1/errors?limit=50'],
        stats: () => {
          const window = `from=${iso(Date.now() - 24 * 3_600_000)}&to=${iso(Date.now())}`;
          return [`/v1/stats?${window}`, `/v1/stats/timeline?${window}`];
        },
        types: () => ['/v1/event-types'],
      };
      // The token is looked up once; the views then find it cached, as a signed-in explorer does.
      await get('/v1/event-types');
      results[String(size)] = {};
      for (const [view, paths] of Object.entries(views)) {
        const samples: number[] = [];
        let errors = 0;
        for (let sample = 0; sample < settings.explorerSamples; sample += 1) {
          const started = process.hrtime.bigint();
          const answers = await Promise.all(paths().map(get));
          samples.push(Number(process.hrtime.bigint() - started) / 1e6);
          errors += answers.filter((ok) => !ok).length;
        }
        results[String(size)][view] = { p50_ms: round(percentile(samples, 50)), errors };
      }
      process.stderr.write(`  explorer at ${size}: ${JSON.stringify(results[String(size)])}\n`);
    } finally {
      await mongo.close();
      await bench.stop();
    }
  }
  return results;
}
