import { descendantsOf, freePort, startNatsCluster, startService, type ServiceProcess } from '@eye/testing';
import { cpuSeconds } from '../cpu';
import { startBenchStack, type BenchEnvironment, type BenchStack } from '../environment';
import { benchBody, benchEvent } from '../events';
import { runLoad } from '../processes';
import type { BenchSettings } from '../settings';
import { round } from '../stats';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** One configuration's throughput and the CPU it cost, per process kind, in ms per event (or request). */
export interface ScalePoint {
  /** Events (or requests, for `gateway_workers`) per second. */
  per_s: number;
  cpu_ms: Record<string, number>;
}

/**
 * `scale` (issue 15): what adding processes buys on this 2-core machine.
 * - `validators`: how fast 1 and 2 validators store a queued backlog (events/s, CPU per event);
 * - `gateway_workers`: single-event requests/s through 1 and 2 gateway workers (node:cluster);
 * - `nats_nodes`: events/s accepted in batches of 100 with the stream on 1 node (R1) and on a
 *   3-node cluster (R3), and what each costs nats-server and ingest per event.
 */
export interface ScaleResult {
  validators: Record<'1' | '2', ScalePoint>;
  gateway_workers: Record<'1' | '2', ScalePoint>;
  nats_nodes: Record<'1' | '3', ScalePoint>;
  /** Free text stating what two cores can and cannot show (copied into the report). */
  note: string;
}

const BATCH = 100;

/** CPU seconds of a process and all its descendants (a gateway primary and its workers). */
function treeCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  return cpuSeconds(pid) + descendantsOf(pid).reduce((sum, child) => sum + cpuSeconds(child.pid), 0);
}

/** Measures `run`, returning CPU ms per unit for each named group of pids (trees summed). */
async function cpuPerUnit<T>(groups: Record<string, (number | undefined)[]>, run: () => Promise<T>, units: (result: T) => number): Promise<{ result: T; cpu: Record<string, number> }> {
  const read = (): Record<string, number> =>
    Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, pids.reduce<number>((sum, pid) => sum + treeCpuSeconds(pid), 0)]));
  const before = read();
  const result = await run();
  const after = read();
  const count = Math.max(1, units(result));
  return { result, cpu: Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, round(((seconds - (before[name] ?? 0)) * 1000) / count)])) };
}

/**
 * Waits until the (work-queue) stream is empty: every event stored and acknowledged. The stream,
 * not the validators' counters, says when the backlog is gone (a redelivered event counts as a
 * duplicate there, not as stored).
 */
async function waitForDrained(natsUrl: string, stream: string, label: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const jsm = await jetstreamManager(nc);
    let lastReport = Date.now();
    for (;;) {
      const waiting = (await jsm.streams.info(stream)).state.messages;
      if (waiting === 0) return;
      if (Date.now() - lastReport > 5_000) {
        process.stderr.write(`  ${label}: ${waiting} events still queued\n`);
        lastReport = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await nc.close();
  }
}

/** Pauses every consumer of `stream`; `resume` lets them deliver again. */
async function pauseConsumers(natsUrl: string, stream: string): Promise<{ resume: () => Promise<void> }> {
  const nc = await connect({ servers: natsUrl.split(',') });
  const jsm = await jetstreamManager(nc);
  const names: string[] = [];
  for await (const consumer of jsm.consumers.list(stream)) names.push(consumer.name);
  for (const name of names) await jsm.consumers.pause(stream, name, new Date(Date.now() + 10 * 60_000));
  return {
    resume: async () => {
      for (const name of names) await jsm.consumers.resume(stream, name);
      await nc.close();
    },
  };
}

async function streamMessages(natsUrl: string, stream: string): Promise<number> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    return (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
  } finally {
    await nc.close();
  }
}

/** Queues `events` with the validators stopped, then starts `validators` of them and times the drain. */
async function validatorsPoint(env: BenchEnvironment, settings: BenchSettings, validators: number): Promise<ScalePoint> {
  const bench = await startBenchStack(env, { validators: 1 });
  const started: ServiceProcess[] = [];
  try {
    const validatorEnv = { ...bench.stack.services.validator.env };
    await bench.stack.services.validator.stop();
    // Enough for several seconds of draining at the thousands of events a second one validator stores.
    const events = settings.quick ? 3_000 : 30_000;
    await runLoad({
      label: `scale: queue ${events} events`,
      url: bench.stack.gatewayUrl,
      token: bench.token,
      path: '/v1/events/batch',
      eventsPerRequest: BATCH,
      connections: 4,
      amount: events / BATCH,
    });
    // The consumers are paused while the validators start, so the drain is timed from the moment
    // all of them can take work (a validator that started first would otherwise drain alone).
    const stream = validatorEnv['EYE_STREAM_NAME'] ?? '';
    const consumers = await pauseConsumers(env.natsUrl, stream);
    for (let index = 0; index < validators; index++) {
      const opsPort = index === 0 ? (validatorEnv['EYE_METRICS_PORT'] ?? '') : String(await freePort());
      started.push(await startService('validator', { env: { ...validatorEnv, EYE_METRICS_PORT: opsPort } }));
    }
    const queued = await streamMessages(env.natsUrl, stream);
    if (queued !== events) throw new Error(`scale: ${queued} of ${events} events queued when the drain began`);
    const startedAt = process.hrtime.bigint();
    await consumers.resume();
    const { result: seconds, cpu } = await cpuPerUnit(
      { validators: started.map((v) => v.pid), database: [env.pids().database] },
      async () => {
        await waitForDrained(env.natsUrl, validatorEnv['EYE_STREAM_NAME'] ?? '', `scale: ${validators} validator(s) storing`);
        return Number(process.hrtime.bigint() - startedAt) / 1e9;
      },
      () => events,
    );
    return { per_s: round(events / seconds), cpu_ms: cpu };
  } finally {
    await Promise.all(started.map((validator) => validator.stop()));
    await bench.stop();
  }
}

/** Single-event POSTs at full speed through a gateway with `workers` workers (validators stopped, as in `single`). */
async function gatewayPoint(env: BenchEnvironment, settings: BenchSettings, workers: number): Promise<ScalePoint> {
  const bench = await startBenchStack(env, { validators: 1, env: { EYE_GATEWAY_WORKERS: String(workers) } });
  try {
    await bench.stack.services.validator.stop();
    const body = benchBody(1, () => benchEvent({ sessionId: 'bench-session-1', timestamp: new Date() }));
    const target = { url: bench.stack.gatewayUrl, token: bench.token, path: '/v1/events', body, connections: settings.connections };
    await runLoad({ ...target, label: `scale: ${workers} gateway worker(s) warm-up`, durationSeconds: 2 });
    const { result, cpu } = await cpuPerUnit(
      { gateway: [bench.stack.services.gateway.pid], ingest: [bench.stack.services.ingest.pid], nats: [env.pids().nats] },
      () => runLoad({ ...target, label: `scale: ${workers} gateway worker(s)`, durationSeconds: settings.loadSeconds }),
      (load) => load.requests,
    );
    return { per_s: round(result.rps), cpu_ms: cpu };
  } finally {
    await bench.stop();
  }
}

/** Batches of 100 at full speed, the stream on the bench's one nats-server (R1) or on a 3-node cluster (R3). */
async function natsPoint(env: BenchEnvironment, settings: BenchSettings, nodes: 1 | 3): Promise<ScalePoint> {
  const cluster = nodes === 3 ? await startNatsCluster({ nodes: 3 }) : undefined;
  let bench: BenchStack | undefined;
  try {
    bench = await startBenchStack(env, {
      validators: 1,
      natsUrl: cluster?.urls,
      env: { EYE_STREAM_REPLICAS: String(nodes), EYE_STREAM_MAX_BYTES: '2gb' },
    });
    await bench.stack.services.validator.stop();
    const body = benchBody(BATCH, (index) => benchEvent({ sessionId: `bench-session-${index % 10}`, timestamp: new Date() }));
    const target = { url: bench.stack.gatewayUrl, token: bench.token, path: '/v1/events/batch', body, connections: 16 };
    const natsPids = cluster ? cluster.nodes.map((node) => node.pid) : [env.pids().nats];
    const { result, cpu } = await cpuPerUnit(
      { nats: natsPids, ingest: [bench.stack.services.ingest.pid], gateway: [bench.stack.services.gateway.pid] },
      () => runLoad({ ...target, label: `scale: stream on ${nodes} NATS node(s)`, durationSeconds: settings.loadSeconds }),
      (load) => load.acceptedEvents,
    );
    return { per_s: round(result.acceptedEvents / result.durationSeconds), cpu_ms: cpu };
  } finally {
    await bench?.stop();
    await cluster?.destroy();
  }
}

export async function runScale(env: BenchEnvironment, settings: BenchSettings, step: (what: string) => void): Promise<ScaleResult> {
  step('scale: 1 and 2 validators draining a backlog');
  const validators = { '1': await validatorsPoint(env, settings, 1), '2': await validatorsPoint(env, settings, 2) };
  step('scale: 1 and 2 gateway workers');
  const gateway = { '1': await gatewayPoint(env, settings, 1), '2': await gatewayPoint(env, settings, 2) };
  step('scale: the stream on 1 NATS node (R1) and on 3 (R3)');
  const nats = { '1': await natsPoint(env, settings, 1), '3': await natsPoint(env, settings, 3) };
  return {
    validators,
    gateway_workers: gateway,
    nats_nodes: nats,
    note:
      'One 2-core machine runs the load generator, every service and every server: a second process of a kind can only use ' +
      'CPU the others leave idle, and three NATS nodes share the same two cores and disk. These figures give the cost per ' +
      'event of each added replica, not the speed-up it would have on machines of its own.',
  };
}

const cpuText = (point: ScalePoint, unit: string) =>
  Object.entries(point.cpu_ms)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ') + ` ms CPU per ${unit}`;

/** The report's table rows for `scale`: one per configuration compared. */
export function scaleRows(scale: ScaleResult): string[][] {
  const row = (what: string, a: [string, ScalePoint], b: [string, ScalePoint], unit: string) => [
    `scale: ${what}`,
    `${a[0]}: ${a[1].per_s} ${unit}s/s (${cpuText(a[1], unit)}); ${b[0]}: ${b[1].per_s} ${unit}s/s (${cpuText(b[1], unit)})`,
    '-',
    String(a[1].per_s > 0 ? Number((b[1].per_s / a[1].per_s).toFixed(2)) : 0),
    '- (2 cores)',
  ];
  return [
    row('validators', ['1', scale.validators['1']], ['2', scale.validators['2']], 'event'),
    row('gateway workers', ['1', scale.gateway_workers['1']], ['2', scale.gateway_workers['2']], 'request'),
    row('NATS nodes', ['1 (R1)', scale.nats_nodes['1']], ['3 (R3)', scale.nats_nodes['3']], 'event'),
  ];
}
