import { COLLECTIONS, detectStoreEngine, ensureIndexes } from '@eye/store';
import { createTestApplication } from '@eye/testing';
import { MongoClient } from 'mongodb';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchStack, type BenchEnvironment } from '../environment';
import { runLoad } from '../processes';
import type { BenchSettings } from '../settings';
import { ratio, round } from '../stats';
import { storedByValidators, storedOutcome, waitForStored } from '../stored';

export interface E2eResult {
  events_per_s: number;
  lag_p50_ms: number;
  lag_p99_ms: number;
  lost: number;
  duplicates: number;
  baseline_events_per_s: number;
  ratio: number;
}

const BATCH_SIZE = 100;

async function acceptedIds(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  await rm(file, { force: true });
  return text.split('\n').filter(Boolean);
}

/**
 * `e2e`: a sustained rate of batches (the lag figures: from accepted to stored at an ordinary
 * rate), then a burst at full speed from another application (the throughput: its events from the
 * first received to the last stored, which the validators bound once the burst queues up in
 * JetStream). The baseline inserts the burst's stored documents with one unordered `insertMany`
 * into a fresh collection of the same database, set up with the same indexes as ours.
 */
export async function runPipeline(env: BenchEnvironment, settings: BenchSettings, options: { validators: number; baseline: boolean }): Promise<{ e2e: E2eResult }> {
  const bench = await startBenchStack(env, { validators: options.validators });
  const mongo = await MongoClient.connect(bench.mongoUrl);
  const label = `e2e (${options.validators} validator${options.validators > 1 ? 's' : ''})`;
  try {
    const db = mongo.db();
    const target = { url: bench.stack.gatewayUrl, token: bench.token, path: '/v1/events/batch', eventsPerRequest: BATCH_SIZE };
    const idsFile = join(tmpdir(), `eye-bench-ids-${process.pid}-${Date.now()}`);
    const storedBefore = await storedByValidators(bench.validatorOpsUrls);
    const sustainedIds = `${idsFile}-sustained`;
    const burstIds = `${idsFile}-burst`;
    await runLoad({
      ...target,
      label: `${label} sustained`,
      idPrefix: `sustained-${Date.now()}`,
      connections: 4,
      overallRate: settings.sustainedEventsPerSecond / BATCH_SIZE,
      durationSeconds: settings.sustainedSeconds,
      acceptedIdsFile: sustainedIds,
    });
    const burstApp = await createTestApplication(bench.mongoUrl, { name: `${bench.application}-burst` });
    await runLoad({
      ...target,
      token: burstApp.token,
      label: `${label} burst`,
      idPrefix: `burst-${Date.now()}`,
      connections: Math.min(8, settings.burstRequests),
      amount: settings.burstRequests,
      acceptedIdsFile: burstIds,
    });
    const sustainedAccepted = await acceptedIds(sustainedIds);
    const burstAccepted = await acceptedIds(burstIds);
    await waitForStored(bench.validatorOpsUrls, storedBefore, sustainedAccepted.length + burstAccepted.length, { label, timeoutMs: 10 * 60_000 });
    const sustained = await storedOutcome(db, bench.application, sustainedAccepted);
    const burst = await storedOutcome(db, burstApp.name, burstAccepted);

    let baselineEventsPerSecond = 0;
    if (options.baseline) {
      const documents = await db.collection(COLLECTIONS.events).find({ application: burstApp.name }).toArray();
      const baselineDb = mongo.db(`${db.databaseName}_baseline`);
      await ensureIndexes(baselineDb, await detectStoreEngine(db));
      const started = process.hrtime.bigint();
      await baselineDb.collection(COLLECTIONS.events).insertMany(documents, { ordered: false });
      baselineEventsPerSecond = documents.length / (Number(process.hrtime.bigint() - started) / 1e9);
      await baselineDb.dropDatabase();
    }

    return {
      e2e: {
        events_per_s: round(burst.eventsPerSecond),
        lag_p50_ms: round(sustained.lagP50Ms),
        lag_p99_ms: round(sustained.lagP99Ms),
        lost: sustained.lost + burst.lost,
        duplicates: sustained.duplicates + burst.duplicates,
        baseline_events_per_s: round(baselineEventsPerSecond),
        ratio: ratio(burst.eventsPerSecond, baselineEventsPerSecond),
      },
    };
  } finally {
    await mongo.close();
    await bench.stop();
  }
}
