import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { canConnect } from './ports';
import { findOnPath, HarnessError } from './repo';

const run = promisify(execFile);

/** Where FerretDB can keep its data: on PostgreSQL, or in SQLite files. */
export type FerretBackend = 'postgresql' | 'sqlite';

/** The local server this machine and CI run (trust authentication on loopback). */
const LOCAL_POSTGRESQL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The PostgreSQL server FerretDB should use, as a URL of a database that exists (new databases are
 * created next to it): `EYE_FERRETDB_POSTGRESQL_URL`, else the local server on 127.0.0.1:5432
 * when it answers; undefined when there is none (or no `psql` to create databases with), or when
 * `EYE_FERRETDB_BACKEND=sqlite` asks for SQLite.
 */
export async function findPostgresql(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env['EYE_FERRETDB_BACKEND'] === 'sqlite') return undefined;
  const url = env['EYE_FERRETDB_POSTGRESQL_URL'] || LOCAL_POSTGRESQL_URL;
  const { hostname, port } = new URL(url);
  const reachable = findOnPath('psql') !== undefined && (await canConnect(Number(port || 5432), hostname || '127.0.0.1'));
  if (!reachable && env['EYE_FERRETDB_BACKEND'] === 'postgresql') {
    throw new HarnessError(`EYE_FERRETDB_BACKEND=postgresql, but ${url} does not answer (or psql is not on PATH)`);
  }
  return reachable ? url : undefined;
}

/** `serverUrl` with its database replaced by `database`. */
export function postgresqlDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function psql(serverUrl: string, sql: string): Promise<void> {
  try {
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', serverUrl, '-c', sql], { timeout: 30_000 });
  } catch (error) {
    throw new HarnessError(`psql on ${new URL(serverUrl).host} failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`, { cause: error });
  }
}

/** Creates an empty database `name` (letters, digits, `_`) on the server of `serverUrl`; returns its URL. */
export async function createPostgresqlDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new HarnessError(`not a database name the harness makes: ${name}`);
  await psql(serverUrl, `CREATE DATABASE "${name}"`);
  return postgresqlDatabaseUrl(serverUrl, name);
}

/** Drops database `name` on the server of `serverUrl`, ending its connections; nothing if it is gone. */
export async function dropPostgresqlDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new HarnessError(`not a database name the harness makes: ${name}`);
  await psql(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** The server's version, e.g. `15.20`; empty when it cannot be read. */
export async function postgresqlVersion(serverUrl: string): Promise<string> {
  try {
    const { stdout } = await run('psql', ['-X', '-tA', '-d', serverUrl, '-c', 'SHOW server_version'], { timeout: 10_000 });
    return stdout.trim().split(/\s/)[0] ?? '';
  } catch {
    return '';
  }
}
