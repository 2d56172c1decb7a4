import type { Command } from 'commander';
import { Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { cliConfig } from './config';
import { parseEventInput } from './event-input';
import { gatewayClient, type GatewayOptions } from './gateway-client';
import { processOutput as output } from './output';
import { listErrors, listEvents, showSession } from './read-commands';
import { sendEvents } from './send-command';
import { tail } from './tail-command';
import { UsageError } from './usage-error';

interface ConnectionFlags {
  url?: string;
  token?: string;
}

interface FilterFlags extends ConnectionFlags {
  sessionId?: string;
  category?: string;
  name?: string;
  application?: string;
  code?: string;
  from?: string;
  to?: string;
  order?: 'asc' | 'desc';
  limit: number;
  json?: boolean;
}

/** Adds the commands that go through the REST gateway with `@the-eye/client`. */
export function addGatewayCommands(root: Command, extra: { replay: (errors: Command) => void }): void {
  withEventFilters(withConnection(root.command('events').description('stored events in time order (a table, or --json)')))
    .option('--session-id <id>', 'only this session')
    .addOption(orderOption())
    .action((flags: FilterFlags) => listEvents(client(flags), output, eventFilters(flags), readOptions(flags)));

  const errors = withConnection(root.command('errors').description('invalid events with their issues, newest first (a table, or --json)').enablePositionalOptions());
  withEventFilters(errors)
    .option('--code <code>', 'only events with an issue of this code')
    .action((flags: FilterFlags) =>
      listErrors(client(flags), output, { category: flags.category, name: flags.name, code: flags.code, application: flags.application, from: flags.from, to: flags.to }, readOptions(flags)),
    );
  extra.replay(errors);

  withEventFilters(withConnection(root.command('session <id>').description("a session's summary and its events in time order")))
    .addOption(orderOption())
    .action(async (sessionId: string, flags: FilterFlags) => {
      const { session_id: _ignored, ...filters } = eventFilters(flags);
      const found = await showSession(client(flags), output, sessionId, filters, readOptions(flags));
      if (!found) process.exitCode = 1;
    });

  withConnection(root.command('tail [what]').description('follow new events (default) or new invalid events (`tail errors`) until Ctrl-C'))
    .option('--session-id <id>', 'only this session (events)')
    .option('--category <category>', 'only this category')
    .option('--name <name>', 'only this name')
    .option('--application <name>', "only this application's events")
    .option('--code <code>', 'only invalid events with an issue of this code (errors)')
    .option('--json', 'print NDJSON: one JSON object per line')
    .option('--for <seconds>', 'stop after this many seconds', seconds)
    .option('--max <n>', 'stop after printing this many', positiveInteger)
    .addOption(secondsOption('--interval <seconds>', 'seconds between polls', 1))
    .addOption(secondsOption('--since <seconds>', 'also show items up to this many seconds before now', 10))
    .addOption(secondsOption('--lag <seconds>', 'how late an item may be stored and still be shown', 60))
    .action(async (what: string | undefined, flags: ConnectionFlags & Record<string, unknown>) => {
      if (what !== undefined && what !== 'events' && what !== 'errors') throw new UsageError('tail follows "events" or "errors"');
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await tail(client(flags), output, {
          what: what === 'errors' ? 'errors' : 'events',
          filters: {
            session_id: flags['sessionId'] as string | undefined,
            category: flags['category'] as string | undefined,
            name: flags['name'] as string | undefined,
            application: flags['application'] as string | undefined,
            code: flags['code'] as string | undefined,
          },
          json: Boolean(flags['json']),
          intervalMs: flags['interval'] as number,
          sinceMs: flags['since'] as number,
          lagMs: Math.max(flags['lag'] as number, flags['interval'] as number),
          forMs: flags['for'] as number | undefined,
          max: flags['max'] as number | undefined,
          signal: abort.signal,
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });

  withConnection(root.command('send [file]').description('send events from a JSON array or NDJSON file (or stdin: no file, or -) through the client'))
    .option('--json', 'print the summary as JSON on the last line: {"accepted", "failed", "dropped", "ids", "failures"}')
    .option('--batch-size <n>', 'events per request (1..500)', positiveInteger, 100)
    .action(async (file: string | undefined, flags: ConnectionFlags & { json?: boolean; batchSize: number }) => {
      const events = parseEventInput(await readInput(file));
      const eye = client(flags, { batchSize: flags.batchSize, maxQueue: Math.max(10_000, events.length) });
      const summary = await sendEvents(eye, output, events, { json: Boolean(flags.json), progressStream: process.stderr.isTTY ? process.stderr : undefined });
      if (summary.failed > 0 || summary.dropped > 0) process.exitCode = 1;
    });
}

function withConnection(command: Command): Command {
  return command
    .option('--url <url>', 'the REST gateway (default: EYE_URL, else http://127.0.0.1:8000)')
    .option('--token <token>', 'bearer token with the query scope (send: ingest) (default: EYE_TOKEN)');
}

function withEventFilters(command: Command): Command {
  return command
    .option('--category <category>', 'only this category')
    .option('--name <name>', 'only this name')
    .option('--application <name>', "only this application's events")
    .option('--from <time>', 'from this time, inclusive (RFC 3339; events: timestamp, errors: received_at)')
    .option('--to <time>', 'up to this time, exclusive')
    .option('--limit <n>', 'print at most this many (pages are fetched as needed)', positiveInteger, 100)
    .option('--json', 'print JSON instead of a table');
}

function secondsOption(flags: string, description: string, defaultSeconds: number): Option {
  return new Option(flags, description).argParser(seconds).default(defaultSeconds * 1000, String(defaultSeconds));
}

function orderOption(): Option {
  return new Option('--order <order>', 'time order').choices(['asc', 'desc']);
}

function client(flags: ConnectionFlags, options: { batchSize?: number; maxQueue?: number } = {}) {
  const config = cliConfig();
  const gateway: GatewayOptions = { url: flags.url ?? config.EYE_URL, token: flags.token ?? config.EYE_TOKEN };
  return gatewayClient(gateway, options);
}

function eventFilters(flags: FilterFlags) {
  return { session_id: flags.sessionId, category: flags.category, name: flags.name, application: flags.application, from: flags.from, to: flags.to, order: flags.order };
}

function readOptions(flags: FilterFlags) {
  return { limit: flags.limit, json: Boolean(flags.json) };
}

async function readInput(file: string | undefined): Promise<string> {
  if (file === undefined || file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`expected a positive whole number, got ${JSON.stringify(text)}`);
  return value;
}

/** Seconds (decimals allowed) as milliseconds. */
function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`expected a number of seconds, got ${JSON.stringify(text)}`);
  return Math.round(value * 1000);
}
