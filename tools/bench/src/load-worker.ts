/**
 * The load generator, run as its own process so it never shares an event loop with what it
 * measures: autocannon with keep-alive connections, a progress line on stderr every second, and
 * the {@link LoadResult} as the last line of stdout.
 */
import autocannon from 'autocannon';
import { createWriteStream } from 'node:fs';
import { Agent, request } from 'node:http';
import { benchBody, benchEvent } from './events';
import type { LoadResult, LoadSpec } from './load-spec';
import { percentile, round } from './stats';

interface Answer {
  status: number;
  body: string;
}

/**
 * `spec.paced`: one request every `1 / overallRate` s for the duration (an open loop), over up to
 * `connections` keep-alive sockets; each request's latency runs from when it was due, so a stalled
 * server shows in the figures instead of slowing the sender down.
 */
async function runPaced(spec: LoadSpec, body: () => string, onAnswer: (answer: Answer) => void): Promise<Omit<LoadResult, 'acceptedEvents'>> {
  const rate = spec.overallRate ?? 1;
  const total = Math.round(rate * (spec.durationSeconds ?? 10));
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const url = new URL(spec.path, spec.url);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const text = body();
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
      if (spec.token) headers['authorization'] = `Bearer ${spec.token}`;
      const outgoing = request(url, { method: 'POST', agent, headers, timeout: 30_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          latencies.push(performance.now() - dueAt);
          const status = response.statusCode ?? 0;
          statusCounts[String(status)] = (statusCounts[String(status)] ?? 0) + 1;
          if (status < 200 || status > 299) errors += 1;
          onAnswer({ status, body: Buffer.concat(chunks).toString('utf8') });
          resolve();
        });
      });
      outgoing.on('error', () => {
        errors += 1;
        resolve();
      });
      outgoing.end(text);
    });
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const dueAt = started + (index * 1_000) / rate;
    const wait = dueAt - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(dueAt));
    if (index % Math.max(1, Math.round(rate * 2)) === 0 && index > 0) process.stderr.write(`  ${spec.label}: ${Math.round((performance.now() - started) / 1000)} s, ${latencies.length} requests\n`);
  }
  await Promise.all(inFlight);
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  const ok = Object.entries(statusCounts).filter(([code]) => code.startsWith('2')).reduce((sum, [, count]) => sum + count, 0);
  return { requests: total, rps: ok / seconds, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), errors, statusCounts, durationSeconds: seconds };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  const perRequest = spec.eventsPerRequest ?? 1;
  const ids = spec.acceptedIdsFile ? createWriteStream(spec.acceptedIdsFile) : undefined;
  let sent = 0;
  let acceptedEvents = 0;
  const sessionCount = spec.sessions ?? 1_000;

  const generatedBody = (): string =>
    benchBody(perRequest, () => {
      sent += 1;
      return benchEvent({
        sessionId: `bench-session-${sent % sessionCount}`,
        timestamp: new Date(),
        eventId: spec.idPrefix === undefined ? undefined : `${spec.idPrefix}-${sent}`,
      });
    });

  const onAnswer = ({ status, body }: Answer) => {
    if (status < 200 || status > 299) return;
    const parsed = JSON.parse(body) as { accepted?: number; ids?: string[] };
    acceptedEvents += parsed.accepted ?? 0;
    if (ids && parsed.ids) ids.write(`${parsed.ids.join('\n')}\n`);
  };
  if (spec.paced && spec.overallRate) {
    const paced = await runPaced(spec, spec.body === undefined ? generatedBody : () => spec.body ?? '', onAnswer);
    if (ids) await new Promise<void>((resolve) => ids.end(resolve));
    process.stdout.write(`${JSON.stringify({ ...paced, acceptedEvents } satisfies LoadResult)}\n`);
    return;
  }

  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds ?? 10,
    amount: spec.amount,
    overallRate: spec.overallRate,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: {
          'content-type': 'application/json',
          ...(spec.token ? { authorization: `Bearer ${spec.token}` } : {}),
        },
        ...(spec.body !== undefined
          ? { body: spec.body }
          : { setupRequest: (request: autocannon.Request) => ({ ...request, body: generatedBody() }) }),
        onResponse: (status: number, body: string) => onAnswer({ status, body }),
      },
    ],
  }, (error, result) => (error ? fail(error) : finish(result)));
  let requests = 0;
  instance.on('response', () => {
    requests += 1;
  });
  const started = Date.now();
  const ticker = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    process.stderr.write(`  ${spec.label}: ${seconds} s, ${requests} requests\n`);
  }, 2_000);
  const result = await done;
  clearInterval(ticker);
  if (ids) await new Promise<void>((resolve) => ids.end(resolve));

  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, Number(stat.count)]));
  const ok = Object.entries(statusCounts).filter(([code]) => code.startsWith('2')).reduce((sum, [, count]) => sum + count, 0);
  const report: LoadResult = {
    requests: ok + result.non2xx,
    rps: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    statusCounts,
    durationSeconds: result.duration,
    acceptedEvents,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
