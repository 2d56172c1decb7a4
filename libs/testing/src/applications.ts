import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError, repoRoot } from './repo';
import { serviceEnv } from './services';
import { uniqueSuffix } from './urls';

/** A client application as `eye apps create --json` prints it; `token` is shown only then. */
export interface TestApplication {
  id: string;
  name: string;
  scopes: string[];
  token: string;
}

export interface CreateTestApplicationOptions {
  /** Default: `test-app-<random>`. */
  name?: string;
  /** Default: `['ingest', 'query']`. */
  scopes?: readonly string[];
  /** Extra variables for the CLI process. */
  env?: Record<string, string>;
}

/** Parses the last non-empty stdout line of `apps create --json`. */
export function parseCreatedApplication(stdout: string): TestApplication {
  const last = stdout.trimEnd().split('\n').pop()?.trim() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch (error) {
    throw new HarnessError(`eye apps create --json: the last stdout line is not JSON: ${last}`, { cause: error });
  }
  const app = parsed as Partial<TestApplication> | null;
  if (
    !app ||
    typeof app.id !== 'string' ||
    typeof app.name !== 'string' ||
    typeof app.token !== 'string' ||
    !Array.isArray(app.scopes)
  ) {
    throw new HarnessError(`eye apps create --json printed an unexpected object: ${last}`);
  }
  return { id: app.id, name: app.name, scopes: app.scopes.map(String), token: app.token };
}

/**
 * Creates a client application the way an operator does, through the CLI
 * (`node dist/apps/cli/main.js apps create <name> --scopes ... --json`), and returns its token.
 */
export async function createTestApplication(
  mongoUrl: string,
  options: CreateTestApplicationOptions = {},
): Promise<TestApplication> {
  const root = repoRoot();
  const main = join(root, 'dist', 'apps', 'cli', 'main.js');
  if (!existsSync(main)) throw new HarnessError(`${main} is missing: run: npx nx build cli`);
  const name = options.name ?? `test-app-${uniqueSuffix()}`;
  const scopes = (options.scopes ?? ['ingest', 'query']).join(',');
  const args = ['--enable-source-maps', main, 'apps', 'create', name, '--scopes', scopes, '--json'];
  const env = serviceEnv({ EYE_MONGO_URL: mongoUrl, ...options.env });

  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, env, timeout: 30_000 }, (error, out, err) => {
      if (error) {
        reject(new HarnessError(`eye apps create ${name} failed: ${error.message}\n${err}\n${out}`, { cause: error }));
      } else {
        resolve(out);
      }
    });
  });
  return parseCreatedApplication(stdout);
}
