import { ApplicationRegistry } from '@eye/auth';
import { RegisteredEventTypes } from '@eye/store';
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { createApp, limitApp, listApps, revokeApp, type LimitOptions } from './apps-commands';
import { cliConfig } from './config';
import { addGatewayCommands } from './gateway-commands';
import { processOutput as output } from './output';
import { replayErrors } from './replay-command';
import { addType, listTypes, removeType } from './types-commands';
import { UsageError } from './usage-error';
import { withDatabase } from './with-database';

/** The `eye` command line: operator commands against MongoDB, read and send commands through the gateway. */
export function program(): Command {
  const root = new Command('eye').description('Operate The Eye').exitOverride().enablePositionalOptions();
  addAppsCommands(root);
  addTypesCommands(root);
  addGatewayCommands(root, { replay: addReplayCommand });
  return root;
}

function addAppsCommands(root: Command): void {
  const apps = root.command('apps').description('trusted client applications and their tokens');
  const withRegistry = async (action: (registry: ApplicationRegistry) => Promise<unknown>): Promise<void> => {
    await withDatabase((db) => action(new ApplicationRegistry(db)));
  };
  apps
    .command('create <name>')
    .description('create an application and print its bearer token once')
    .requiredOption('--scopes <scopes>', 'comma-separated: ingest, query')
    .option('--json', 'print the result as JSON on the last line')
    .action((name: string, options: { scopes: string; json?: boolean }) =>
      withRegistry((registry) => createApp(registry, output, name, options.scopes.split(',').map((s) => s.trim()).filter(Boolean), Boolean(options.json))),
    );
  apps
    .command('list')
    .description('list applications (never their tokens)')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) => withRegistry((registry) => listApps(registry, output, Boolean(options.json))));
  apps
    .command('revoke <nameOrId>')
    .description('revoke an application; its token stops working within 10 seconds')
    .option('--json', 'print as JSON')
    .action((nameOrId: string, options: { json?: boolean }) => withRegistry((registry) => revokeApp(registry, output, nameOrId, Boolean(options.json))));
  apps
    .command('limit <nameOrId>')
    .description("set an application's rate limit, enforced by the gateway (429 rate_limited with Retry-After); applied within EYE_AUTH_CACHE_TTL")
    .option('--events-per-s <n>', 'events per second, refilled continuously')
    .option('--burst <m>', 'the most events at once (default: one second of events)')
    .option('--none', 'remove the limit')
    .option('--json', 'print as JSON')
    .action((nameOrId: string, options: LimitOptions) => withRegistry((registry) => limitApp(registry, output, nameOrId, options)));
}

function addTypesCommands(root: Command): void {
  const types = root
    .command('types')
    .description('event types: the built-in ones and those registered at run time, with their JSON Schemas')
    .enablePositionalOptions()
    .option('--json', 'print every type with its data and event JSON Schemas')
    .action((options: { json?: boolean }) => withDatabase((db) => listTypes(new RegisteredEventTypes(db), output, Boolean(options.json))));
  types
    .command('add <category> <name>')
    .description('register an event type from a JSON Schema of its data (validators and ingest pick it up within EYE_EVENT_TYPES_REFRESH)')
    .requiredOption('--schema <file>', 'JSON Schema of the event\'s data ("type": "object"; "additionalProperties": false is implied)')
    .option('--description <text>', 'one sentence for humans')
    .option('--replace', 'replace the schema of a type registered already')
    .option('--json', 'print the registered type as JSON')
    .action(async (category: string, name: string, options: { schema: string; description?: string; replace?: boolean; json?: boolean }) => {
      const dataSchema = await readJsonFile(options.schema);
      await withDatabase((db) =>
        addType(new RegisteredEventTypes(db), output, {
          category,
          name,
          dataSchema,
          description: options.description,
          replace: Boolean(options.replace),
          json: Boolean(options.json),
        }),
      );
    });
  types
    .command('remove <category> <name>')
    .description('remove a registered type: new events of it are unknown_event_type again; stored events stay')
    .option('--json', 'print the result as JSON')
    .action((category: string, name: string, options: { json?: boolean }) =>
      withDatabase((db) => removeType(new RegisteredEventTypes(db), output, category, name, Boolean(options.json))),
    );
}

/** `errors replay`, added under the `errors` command. */
function addReplayCommand(errors: Command): void {
  errors
    .command('replay')
    .description('validate stored invalid events again (e.g. after `types add`); those now valid are stored once and marked resolved')
    .option('--category <category>', 'only this category')
    .option('--name <name>', 'only this name')
    .option('--code <code>', 'only events with an issue of this code, e.g. unknown_event_type')
    .option('--application <name>', 'only this application\'s events')
    .option('--from <time>', 'received at or after (RFC 3339)')
    .option('--to <time>', 'received before (RFC 3339)')
    .option('--json', 'print the counts as JSON: {"examined", "resolved", "still_invalid", "issues_changed"}')
    .action(async (options: { category?: string; name?: string; code?: string; application?: string; from?: string; to?: string; json?: boolean }) => {
      const { json, ...filters } = options;
      await withDatabase((db) => replayErrors(db, output, { filters, clockSkewMs: cliConfig().EYE_CLOCK_SKEW, json: Boolean(json) }));
    });
}

async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
