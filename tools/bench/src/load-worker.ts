/**
 * The load generator, run as its own process so it never shares an event loop with what it
 * measures: autocannon with keep-alive connections, a progress line on stderr every second, and
 * the {@link LoadResult} as the last line of stdout.
 */
import autocannon from 'autocannon';
import { createWriteStream } from 'node:fs';
import { benchBody, benchEvent } from './events';
import type { LoadResult, LoadSpec } from './load-spec';

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
        onResponse: (status: number, body: string) => {
          if (status < 200 || status > 299) return;
          const parsed = JSON.parse(body) as { accepted?: number; ids?: string[] };
          acceptedEvents += parsed.accepted ?? 0;
          if (ids && parsed.ids) ids.write(`${parsed.ids.join('\n')}\n`);
        },
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
