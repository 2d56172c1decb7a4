import { createTestApplication } from '@eye/testing';
import { COLLECTIONS, minuteOf, receivedFields, type EventDocument } from '@eye/store';
import { MongoClient, type Collection } from 'mongodb';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchStack, type BenchEnvironment, type BenchStack } from '../environment';
import { runLoad } from '../processes';
import type { BenchSettings } from '../settings';
import { round } from '../stats';
import { storedByValidators, storedOutcome, waitForStored } from '../stored';

export interface SteadyResult {
  /** Request latency, each request timed from when it was due (see `LoadSpec.paced`). */
  p50_ms?: number;
  p99_ms: number;
  /** From received to stored, per event. */
  lag_p99_ms: number;
  /** Events in the store when the run began. */
  store_events: number;
}

/** One step of `sustain`: a rate held for the step's duration. */
export interface SustainStep {
  target_events_per_s: number;
  /** Events accepted per second over the step. */
  events_per_s: number;
  lag_p99_ms: number;
  store_events: number;
  errors: number;
}

export interface SustainResult {
  /** The highest rate whose lag p99 stayed within {@link SUSTAIN_LAG_LIMIT_MS}. */
  events_per_s: number;
  seconds_per_step: number;
  steps: SustainStep[];
}

/** The lag p99 a sustained rate may have (issue 12). */
export const SUSTAIN_LAG_LIMIT_MS = 2_000;
/** Events per request in `sustain`: the client library's default batch. */
const EVENTS_PER_REQUEST = 100;

/**
 * `steady` and `sustain` on a store that already holds events (a real store is never empty, and
 * a write path whose cost grows with the store shows it here): the store is filled directly to
 * `settings.preloadEvents`, then `steady` sends the seed's 100 events/s one per request, then
 * `sustain` steps the rate up until the lag p99 passes 2 s. Each figure records the store's size
 * when it began.
 */
export async function runLoadOverStore(
  env: BenchEnvironment,
  settings: BenchSettings,
  options: { steady: boolean; sustain: boolean },
  step: (what: string) => void,
): Promise<{ steady?: SteadyResult; sustain?: SustainResult }> {
  const bench = await startBenchStack(env, { validators: 1 });
  const mongo = await MongoClient.connect(bench.mongoUrl);
  try {
    const events = mongo.db().collection<EventDocument>(COLLECTIONS.events);
    step(`preloading ${settings.preloadEvents.toLocaleString('en')} events into the store`);
    await preload(events, settings.preloadEvents);
    // The store's size, kept as events are accepted (every one is stored before the next figure):
    // counting the documents would cost FerretDB a full scan.
    const store = { events: settings.preloadEvents };
    const result: { steady?: SteadyResult; sustain?: SustainResult } = {};
    if (options.steady) {
      step(`steady: 100 events/s for ${settings.steadySeconds} s, one event a request`);
      result.steady = await runSteady(bench, mongo, settings, store);
    }
    if (options.sustain) result.sustain = await runSustain(bench, mongo, settings, store, step);
    return result;
  } finally {
    await mongo.close();
    await bench.stop();
  }
}

/** Stored events as the validator writes them, inserted directly in chunks (10 events per session, one a second). */
async function preload(events: Collection<EventDocument>, count: number): Promise<void> {
  const start = Date.now() * 1000 - count * 1e6;
  const chunk = 1_000;
  for (let from = 0; from < count; from += chunk) {
    const documents: EventDocument[] = Array.from({ length: Math.min(chunk, count - from) }, (_, offset) => {
      const index = from + offset;
      const us = start + index * 1e6;
      return {
        ...receivedFields({ application: 'preload', eventId: `p-${index}`, receivedMicros: us, seq: index + 1 }),
        session_id: `preload-session-${Math.floor(index / 10)}`,
        category: 'page interaction',
        name: 'cta click',
        data: { host: 'www.example.com', path: '/pricing', element: 'chat bubble' },
        ts_us: us,
        ts_min: minuteOf(us),
        timestamp: new Date(us / 1000),
        stored_at: new Date(us / 1000),
        valid: true,
      };
    });
    await events.insertMany(documents, { ordered: false });
  }
}

async function acceptedIds(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  await rm(file, { force: true });
  return text.split('\n').filter(Boolean);
}

async function runSteady(bench: BenchStack, mongo: MongoClient, settings: BenchSettings, store: { events: number }): Promise<SteadyResult> {
  const storeEvents = store.events;
  const app = await createTestApplication(bench.mongoUrl, { name: `${bench.application}-steady` });
  // 100 users each sending an event a second: one request every 10 ms, each timed from when it was due.
  const seedRate = (label: string, durationSeconds: number, acceptedIdsFile?: string) =>
    runLoad({
      label,
      url: bench.stack.gatewayUrl,
      token: app.token,
      path: '/v1/events',
      eventsPerRequest: 1,
      idPrefix: `${label.replace(/\W+/g, '-')}-${Date.now()}`,
      sessions: 100,
      connections: 32,
      overallRate: 100,
      paced: true,
      durationSeconds,
      acceptedIdsFile,
    });
  // Steady state: the first requests of a new token (its lookup, the services' first calls) are not it.
  const beforeWarmUp = await storedByValidators(bench.validatorOpsUrls);
  const warmUp = await seedRate('steady warm-up', 3);
  await waitForStored(bench.validatorOpsUrls, beforeWarmUp, warmUp.acceptedEvents, { label: 'steady warm-up', timeoutMs: 60_000 });
  const idsFile = join(tmpdir(), `eye-bench-steady-${process.pid}-${Date.now()}`);
  const before = await storedByValidators(bench.validatorOpsUrls);
  const load = await seedRate('steady (100 events/s)', settings.steadySeconds, idsFile);
  const ids = await acceptedIds(idsFile);
  await waitForStored(bench.validatorOpsUrls, before, ids.length, { label: 'steady', timeoutMs: 300_000 });
  const outcome = await storedOutcome(mongo.db(), app.name, ids);
  store.events += outcome.stored;
  return { p50_ms: load.p50Ms, p99_ms: load.p99Ms, lag_p99_ms: round(outcome.lagP99Ms), store_events: storeEvents };
}

async function runSustain(bench: BenchStack, mongo: MongoClient, settings: BenchSettings, store: { events: number }, step: (what: string) => void): Promise<SustainResult> {
  const steps: SustainStep[] = [];
  let best = 0;
  for (const rate of settings.sustainRates) {
    step(`sustain: ${rate} events/s for ${settings.sustainSeconds} s (${EVENTS_PER_REQUEST} events a request)`);
    const storeEvents = store.events;
    const app = await createTestApplication(bench.mongoUrl, { name: `${bench.application}-sustain-${rate}` });
    const idsFile = join(tmpdir(), `eye-bench-sustain-${process.pid}-${Date.now()}`);
    const before = await storedByValidators(bench.validatorOpsUrls);
    const load = await runLoad({
      label: `sustain ${rate} events/s`,
      url: bench.stack.gatewayUrl,
      token: app.token,
      path: '/v1/events/batch',
      eventsPerRequest: EVENTS_PER_REQUEST,
      idPrefix: `sustain-${rate}-${Date.now()}`,
      sessions: 1_000,
      connections: 8,
      overallRate: rate / EVENTS_PER_REQUEST,
      durationSeconds: settings.sustainSeconds,
      acceptedIdsFile: idsFile,
    });
    const ids = await acceptedIds(idsFile);
    await waitForStored(bench.validatorOpsUrls, before, ids.length, { label: `sustain ${rate}`, timeoutMs: 600_000 });
    const outcome = await storedOutcome(mongo.db(), app.name, ids);
    store.events += outcome.stored;
    const result: SustainStep = {
      target_events_per_s: rate,
      events_per_s: round(load.acceptedEvents / load.durationSeconds),
      lag_p99_ms: round(outcome.lagP99Ms),
      store_events: storeEvents,
      errors: load.errors + outcome.lost,
    };
    steps.push(result);
    process.stderr.write(`  sustain ${rate}: ${JSON.stringify(result)}\n`);
    // A step holds when the rate was delivered in full, nothing failed, and the lag stayed within the limit.
    const held = result.lag_p99_ms <= SUSTAIN_LAG_LIMIT_MS && result.errors === 0 && result.events_per_s >= rate * 0.95;
    if (!held) break;
    best = rate;
  }
  return { events_per_s: best, seconds_per_step: settings.sustainSeconds, steps };
}
