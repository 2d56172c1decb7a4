import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { canConnect, freePort } from './ports';
import { createPostgresqlDatabase, dropPostgresqlDatabase, findPostgresql, type FerretBackend } from './postgresql';
import { findOnPath, HarnessError, infraBinary } from './repo';
import { RestartableServer } from './restartable-server';

/** Which MongoDB-wire server the harness runs: a real `mongod` from PATH, or `.bin/ferretdb`. */
export type MongoEngine = 'mongod' | 'ferretdb';

/** What answers on a MongoDB URL: FerretDB lacks transactions, change streams, TTL and more. */
export type MongoFlavor = 'mongodb' | 'ferretdb';

export interface MongoServerOptions {
  /** Port; a free one when omitted. */
  port?: number;
  /** Data folder; a fresh temporary one when omitted. */
  dataDir?: string;
  /** Default: `mongod` when it is on PATH, else FerretDB. */
  engine?: MongoEngine;
  /**
   * FerretDB's backend. Default: PostgreSQL when a server is reachable (see `findPostgresql`:
   * `EYE_FERRETDB_POSTGRESQL_URL`, else 127.0.0.1:5432), in a database of this server's own that
   * `destroy()` drops; else SQLite in the data folder. `EYE_FERRETDB_BACKEND` forces one.
   */
  backend?: FerretBackend;
  /** How long to wait for it to answer `ping` (default 30 s). */
  readyTimeoutMs?: number;
}

/** A harness-owned MongoDB-wire server; stop and start it again on the same port and data folder. */
export interface MongoServer {
  /** Base URL without a database name, e.g. `mongodb://127.0.0.1:41234/`. */
  readonly url: string;
  readonly engine: MongoEngine;
  /** FerretDB's backend; undefined for a mongod. */
  readonly backend: FerretBackend | undefined;
  /** What runs, for logs and reports, e.g. `FerretDB on PostgreSQL`. */
  readonly description: string;
  readonly port: number;
  readonly dataDir: string;
  readonly running: boolean;
  readonly pid: number | undefined;
  readonly logFile: string;
  logs(): string;
  start(): Promise<void>;
  /** SIGTERM by default; `{ signal: 'SIGKILL' }` for a crash. */
  stop(options?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Stops it and removes its temporary folder. */
  destroy(): Promise<void>;
}

/** The engine used when none is asked for: a real mongod if there is one. */
export function defaultMongoEngine(): MongoEngine {
  return findOnPath('mongod') ? 'mongod' : 'ferretdb';
}

/** The command line for `engine` (exported for tests of the harness itself). */
export function mongoServerArgs(engine: MongoEngine, options: { port: number; dataDir: string; stateDir: string; postgresqlUrl?: string }): string[] {
  if (engine === 'mongod') {
    return [
      '--dbpath', options.dataDir,
      '--port', String(options.port),
      '--bind_ip', '127.0.0.1',
      '--wiredTigerCacheSizeGB', '0.25',
    ];
  }
  return [
    ...(options.postgresqlUrl ? ['--handler=postgresql', `--postgresql-url=${options.postgresqlUrl}`] : ['--handler=sqlite', `--sqlite-url=file:${options.dataDir}/`]),
    `--listen-addr=127.0.0.1:${options.port}`,
    `--state-dir=${options.stateDir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
}

/** Whether a `ping` on `url` succeeds within about a second. */
export async function mongoPing(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Asks the server what it is (FerretDB adds `ferretdbVersion` to `buildInfo`). */
export async function detectMongoFlavor(url: string): Promise<MongoFlavor> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    return 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Starts a MongoDB-wire server on loopback and waits until it answers `ping`. */
export async function startMongoServer(options: MongoServerOptions = {}): Promise<MongoServer> {
  const engine = options.engine ?? defaultMongoEngine();
  const command = engine === 'mongod' ? (findOnPath('mongod') ?? 'mongod') : infraBinary('ferretdb');
  const postgresqlServer = engine === 'ferretdb' && options.backend !== 'sqlite' ? await findPostgresql() : undefined;
  if (options.backend === 'postgresql' && !postgresqlServer) throw new HarnessError('FerretDB on PostgreSQL was asked for, but no PostgreSQL server is reachable');
  const backend: FerretBackend | undefined = engine === 'mongod' ? undefined : postgresqlServer ? 'postgresql' : 'sqlite';
  const description = engine === 'mongod' ? 'MongoDB (mongod)' : `FerretDB on ${backend === 'postgresql' ? 'PostgreSQL' : 'SQLite'}`;
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const workDir = await mkdtemp(join(tmpdir(), `eye-${engine}-`));
    const dataDir = options.dataDir ?? join(workDir, 'data');
    await mkdir(dataDir, { recursive: true });
    const port = options.port ?? (await freePort());
    const url = `mongodb://127.0.0.1:${port}/`;
    const pingUrl = engine === 'ferretdb' ? `${url}?retryWrites=false` : url;
    // One PostgreSQL database per server: it outlives restarts (the server's data) and goes with destroy().
    const pgDatabase = postgresqlServer ? `eye_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}` : undefined;
    const postgresqlUrl = postgresqlServer && pgDatabase ? await createPostgresqlDatabase(postgresqlServer, pgDatabase) : undefined;
    const dropBackend = async () => {
      if (postgresqlServer && pgDatabase) await dropPostgresqlDatabase(postgresqlServer, pgDatabase);
    };
    const server = new RestartableServer({
      name: engine,
      command,
      args: mongoServerArgs(engine, { port, dataDir, stateDir: workDir, postgresqlUrl }),
      describe: `${engine} on 127.0.0.1:${port}`,
      ready: async () => (await canConnect(port)) && (await mongoPing(pingUrl)),
      readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
      workDir,
    });
    try {
      await server.start();
    } catch (error) {
      await server.destroy();
      await dropBackend();
      if (attempt < attempts) continue;
      throw error;
    }
    return {
      url,
      engine,
      backend,
      description,
      port,
      dataDir,
      get running() {
        return server.running;
      },
      get pid() {
        return server.pid;
      },
      logFile: server.logFile,
      logs: () => server.logs(),
      start: () => server.start(),
      stop: (stopOptions) => server.stop(stopOptions),
      destroy: async () => {
        await server.destroy();
        await dropBackend();
      },
    };
  }
}
