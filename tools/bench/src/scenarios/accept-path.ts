import { freePort } from '@eye/testing';
import { startBenchStack, type BenchEnvironment } from '../environment';
import { benchBody, benchEvent } from '../events';
import { runChild, runLoad, startServerChild } from '../processes';
import type { BenchSettings } from '../settings';
import { ratio, round } from '../stats';

export interface SingleResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  baseline_rps: number;
  ratio: number;
}

export interface BatchResult {
  events_per_s: number;
  baseline_events_per_s: number;
  ratio: number;
}

const ONE_EVENT = benchBody(1, () => benchEvent({ sessionId: 'bench-session-1', timestamp: new Date() }));
const BATCH_SIZE = 100;
const BATCH = benchBody(BATCH_SIZE, (index) => benchEvent({ sessionId: `bench-session-${index % 10}`, timestamp: new Date() }));

/**
 * `single` and `batch`: the accept path (HTTP → gateway → ingest → JetStream acknowledged), with
 * the validator stopped so that it does not compete for the two cores: the stream is the buffer
 * that decouples accepting from storing, and in production they would not share a machine.
 */
export async function runAcceptPath(env: BenchEnvironment, settings: BenchSettings): Promise<{ single: SingleResult; batch: BatchResult }> {
  const baselinePort = await freePort();
  const bare = await startServerChild('baselines/bare-express.js', [String(baselinePort)]);
  let baseline;
  try {
    await runLoad({ label: 'single baseline warm-up', url: `http://127.0.0.1:${baselinePort}`, path: '/v1/events', body: ONE_EVENT, connections: settings.connections, durationSeconds: 2 });
    baseline = await runLoad({
      label: 'single baseline (bare express)',
      url: `http://127.0.0.1:${baselinePort}`,
      path: '/v1/events',
      body: ONE_EVENT,
      connections: settings.connections,
      durationSeconds: settings.loadSeconds,
    });
  } finally {
    await bare.stop();
  }

  const bench = await startBenchStack(env, { validators: 1 });
  try {
    await bench.stack.services.validator.stop();
    const target = { url: bench.stack.gatewayUrl, token: bench.token };
    await runLoad({ label: 'single warm-up', ...target, path: '/v1/events', body: ONE_EVENT, connections: settings.connections, durationSeconds: 2 });
    const single = await runLoad({ label: 'single', ...target, path: '/v1/events', body: ONE_EVENT, connections: settings.connections, durationSeconds: settings.loadSeconds });
    const batch = await runLoad({ label: 'batch', ...target, path: '/v1/events/batch', body: BATCH, connections: 16, durationSeconds: settings.loadSeconds });
    const published = await runChild<{ events_per_s: number }>('baselines/jetstream-publish.js', {
      natsUrl: env.natsUrl,
      stream: `BENCH_BASELINE_${Date.now()}`,
      subject: `bench.baseline.${Date.now()}`,
      events: settings.baselinePublishEvents,
      window: 1_000,
    });
    const batchEventsPerSecond = batch.acceptedEvents / batch.durationSeconds;
    return {
      single: {
        rps: round(single.rps),
        p50_ms: single.p50Ms,
        p99_ms: single.p99Ms,
        errors: single.errors,
        baseline_rps: round(baseline.rps),
        ratio: ratio(single.rps, baseline.rps),
      },
      batch: {
        events_per_s: round(batchEventsPerSecond),
        baseline_events_per_s: round(published.events_per_s),
        ratio: ratio(batchEventsPerSecond, published.events_per_s),
      },
    };
  } finally {
    await bench.stop();
  }
}
