import { freePort } from '@eye/testing';
import type { LoadResult } from '../load-spec';
import { startBenchStack, type BenchEnvironment } from '../environment';
import { benchBody, benchEvent } from '../events';
import { runChild, runLoad, startServerChild } from '../processes';
import type { BenchSettings } from '../settings';
import { ratio, round } from '../stats';
import { cpuDuring, cpuMsPer } from '../cpu';

export interface SingleResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  baseline_rps: number;
  ratio: number;
  /** CPU milliseconds each process spent per request (what bounds the figure on a shared machine). */
  cpu_ms_per_request: Record<string, number>;
  baseline_cpu_ms_per_request: number;
}

export interface BatchResult {
  events_per_s: number;
  baseline_events_per_s: number;
  ratio: number;
  cpu_ms_per_event: Record<string, number>;
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
  let baseline: Awaited<ReturnType<typeof cpuDuring<LoadResult>>>;
  try {
    await runLoad({ label: 'single baseline warm-up', url: `http://127.0.0.1:${baselinePort}`, path: '/v1/events', body: ONE_EVENT, connections: settings.connections, durationSeconds: 2 });
    baseline = await cpuDuring({ express: bare.pid }, () => runLoad({
      label: 'single baseline (bare express)',
      url: `http://127.0.0.1:${baselinePort}`,
      path: '/v1/events',
      body: ONE_EVENT,
      connections: settings.connections,
      durationSeconds: settings.loadSeconds,
    }));
  } finally {
    await bare.stop();
  }

  const bench = await startBenchStack(env, { validators: 1 });
  try {
    await bench.stack.services.validator.stop();
    const target = { url: bench.stack.gatewayUrl, token: bench.token };
    await runLoad({ label: 'single warm-up', ...target, path: '/v1/events', body: ONE_EVENT, connections: settings.connections, durationSeconds: 2 });
    const single = await cpuDuring(bench.pids(), () =>
      runLoad({ label: 'single', ...target, path: '/v1/events', body: ONE_EVENT, connections: settings.connections, durationSeconds: settings.loadSeconds }),
    );
    const batch = await cpuDuring(bench.pids(), () =>
      runLoad({ label: 'batch', ...target, path: '/v1/events/batch', body: BATCH, connections: 16, durationSeconds: settings.loadSeconds }),
    );
    const published = await runChild<{ events_per_s: number }>('baselines/jetstream-publish.js', {
      natsUrl: env.natsUrl,
      stream: `BENCH_BASELINE_${Date.now()}`,
      subject: `bench.baseline.${Date.now()}`,
      events: settings.baselinePublishEvents,
      window: 1_000,
    });
    const batchEventsPerSecond = batch.result.acceptedEvents / batch.result.durationSeconds;
    return {
      single: {
        rps: round(single.result.rps),
        p50_ms: single.result.p50Ms,
        p99_ms: single.result.p99Ms,
        errors: single.result.errors,
        baseline_rps: round(baseline.result.rps),
        ratio: ratio(single.result.rps, baseline.result.rps),
        cpu_ms_per_request: cpuMsPer(single.cpu, single.result.requests),
        baseline_cpu_ms_per_request: cpuMsPer(baseline.cpu, baseline.result.requests)['express'] ?? 0,
      },
      batch: {
        events_per_s: round(batchEventsPerSecond),
        baseline_events_per_s: round(published.events_per_s),
        ratio: ratio(batchEventsPerSecond, published.events_per_s),
        cpu_ms_per_event: cpuMsPer(batch.cpu, batch.result.acceptedEvents),
      },
    };
  } finally {
    await bench.stop();
  }
}
