import { ApplicationRegistry } from '@eye/auth';
import { cliEnv, parseEnv } from '@eye/config';
import { connectMongo, type MongoLink } from '@eye/store';
import { Command, CommanderError } from 'commander';
import { createApp, listApps, revokeApp, type Output } from './apps-commands';

const output: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function withRegistry(action: (registry: ApplicationRegistry) => Promise<unknown>): Promise<void> {
  const config = parseEnv(cliEnv, process.env);
  let mongo: MongoLink | undefined;
  try {
    mongo = await connectMongo({ url: config.EYE_MONGO_URL, appName: 'eye-cli' });
    await action(new ApplicationRegistry(mongo.db));
  } finally {
    await mongo?.close();
  }
}

function program(): Command {
  const root = new Command('eye').description('Operate The Eye').exitOverride();
  const apps = root.command('apps').description('trusted client applications and their tokens');
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
  return root;
}

program()
  .parseAsync(process.argv)
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    output.err(`eye: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
