import { createTestApplication } from '@eye/testing';
import { COLLECTIONS } from '@eye/store';
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

export interface SteadyResult {
  p99_ms: number;
  lag_p99_ms: number;
}

const BATCH_SIZE = 100;

async function acceptedIds(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  await rm(file, { force: true });
  return text.split('\n').filter(Boolean);
}

/**
 * `e2e` (and one half of `scale`): a sustained rate of batches, then a burst at full speed;
 * waits until every accepted event is stored and measures from HTTP accepted to stored. With
 * `steady`, then runs the challenge's 100 events/s on the same stack.
 */
export async function runPipeline(
  env: BenchEnvironment,
  settings: BenchSettings,
  options: { validators: number; steady: boolean; baseline: boolean },
): Promise<{ e2e: E2eResult; steady?: SteadyResult }> {
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
    await runLoad({ ...target, label: `${label} burst`, idPrefix: `burst-${Date.now()}`, connections: Math.min(8, settings.burstRequests), amount: settings.burstRequests, acceptedIdsFile: burstIds });
    const accepted = [...(await acceptedIds(sustainedIds)), ...(await acceptedIds(burstIds))];
    await waitForStored(bench.validatorOpsUrls, storedBefore, accepted.length, { label, timeoutMs: 10 * 60_000 });
    const outcome = await storedOutcome(db, bench.application, accepted);

    let baselineEventsPerSecond = 0;
    if (options.baseline) {
      const documents = await db.collection(COLLECTIONS.events).find({ application: bench.application }).toArray();
      const baseline = db.collection(`baseline_events_${Date.now()}`);
      const started = process.hrtime.bigint();
      await baseline.insertMany(documents, { ordered: false });
      baselineEventsPerSecond = documents.length / (Number(process.hrtime.bigint() - started) / 1e9);
      await baseline.drop();
    }

    let steady: SteadyResult | undefined;
    if (options.steady) {
      const steadyApp = await createTestApplication(bench.mongoUrl, { name: `${bench.application}-steady` });
      const steadyIds = `${idsFile}-steady`;
      const steadyBefore = await storedByValidators(bench.validatorOpsUrls);
      const load = await runLoad({
        label: 'steady (100 events/s)',
        url: bench.stack.gatewayUrl,
        token: steadyApp.token,
        path: '/v1/events',
        eventsPerRequest: 1,
        idPrefix: `steady-${Date.now()}`,
        // 100 users each sending an event a second.
        sessions: 100,
        connections: 8,
        overallRate: 100,
        durationSeconds: settings.steadySeconds,
        acceptedIdsFile: steadyIds,
      });
      const ids = await acceptedIds(steadyIds);
      await waitForStored(bench.validatorOpsUrls, steadyBefore, ids.length, { label: 'steady', timeoutMs: 300_000 });
      const steadyOutcome = await storedOutcome(db, steadyApp.name, ids);
      steady = { p99_ms: load.p99Ms, lag_p99_ms: round(steadyOutcome.lagP99Ms) };
    }

    return {
      e2e: {
        events_per_s: round(outcome.eventsPerSecond),
        lag_p50_ms: round(outcome.lagP50Ms),
        lag_p99_ms: round(outcome.lagP99Ms),
        lost: outcome.lost,
        duplicates: outcome.duplicates,
        baseline_events_per_s: round(baselineEventsPerSecond),
        ratio: ratio(outcome.eventsPerSecond, baselineEventsPerSecond),
      },
      steady,
    };
  } finally {
    await mongo.close();
    await bench.stop();
  }
}
