import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  createTestApplication,
  findPostgresql,
  freePort,
  postgresqlVersion,
  repoRoot,
  startMongoServer,
  startNatsServer,
  startService,
  startStack,
  uniqueSuffix,
  withDatabase,
  type MongoServer,
  type NatsServer,
  type ServiceProcess,
  type Stack,
} from '@eye/testing';
import { MongoClient } from 'mongodb';
import { join } from 'node:path';

/** The infrastructure every scenario runs on: the bench's own nats-server and database server. */
export interface BenchEnvironment {
  natsUrl: string;
  /** Base MongoDB URL (no database name). */
  mongoBaseUrl: string;
  /** `ferretdb-1.24.2` or `mongod-x.y.z`. */
  mongoLabel: string;
  /** The engine and backend, e.g. `FerretDB 1.24.2 on PostgreSQL 15.20` or `MongoDB 7.0.14`. */
  database: string;
  /** False when EYE_FERRETDB_BACKEND chose the backend: not what `npm start` would run here. */
  defaultDatabase: boolean;
  /** Process ids of the nats-server and the database server (undefined when not ours). */
  pids(): { nats: number | undefined; database: number | undefined };
  stop(): Promise<void>;
}

/** A running stack of The Eye with an application allowed to send and read. */
export interface BenchStack {
  stack: Stack;
  token: string;
  application: string;
  mongoUrl: string;
  /** Base URLs of every validator's ops endpoint (`/metrics`). */
  validatorOpsUrls: string[];
  /** Process ids of the services, nats-server and database, for CPU accounting. */
  pids(): Record<string, number | undefined>;
  /** Extra validator processes (beyond the stack's own). */
  extraValidators: ServiceProcess[];
  stop(): Promise<void>;
}

/**
 * Starts a nats-server and a database for the bench: a real mongod when one is on PATH or
 * `EYE_MONGO_URL` is given (its server is used as is), else FerretDB.
 */
export async function startEnvironment(): Promise<BenchEnvironment> {
  const nats: NatsServer = await startNatsServer();
  const givenMongo = process.env['EYE_MONGO_URL'];
  const mongo: MongoServer | undefined = givenMongo ? undefined : await startMongoServer();
  const mongoBaseUrl = givenMongo ?? mongo?.url ?? '';
  const label = await mongoLabel(mongoBaseUrl);
  return {
    natsUrl: nats.url,
    mongoBaseUrl,
    mongoLabel: label,
    database: await describeDatabase(label, mongo),
    defaultDatabase: process.env['EYE_FERRETDB_BACKEND'] === undefined,
    pids: () => ({ nats: nats.pid, database: mongo?.pid }),
    stop: async () => {
      await Promise.allSettled([nats.destroy(), mongo?.destroy()]);
    },
  };
}

async function mongoLabel(url: string): Promise<string> {
  const client = await MongoClient.connect(withDatabase(url, 'admin', { retryWrites: false }));
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const ferret = info['ferretdbVersion'] as string | undefined;
    return ferret ? `ferretdb-${ferret.replace(/^v/, '')}` : `mongod-${String(info['version'])}`;
  } finally {
    await client.close();
  }
}

/** What runs, with versions: FerretDB's backend and its version, or the MongoDB server's. */
async function describeDatabase(label: string, mongo: MongoServer | undefined): Promise<string> {
  const [engine, version] = label.split(/-(.*)/s);
  if (engine !== 'ferretdb') return `MongoDB ${version}`;
  if (mongo?.backend !== 'postgresql') return `FerretDB ${version} on SQLite`;
  const server = await findPostgresql();
  const postgres = server ? await postgresqlVersion(server) : '';
  return `FerretDB ${version} on PostgreSQL${postgres ? ` ${postgres}` : ''}`;
}

/** A MongoDB URL for a fresh database on the bench's server. */
export function freshDatabaseUrl(env: BenchEnvironment, prefix: string): string {
  return withDatabase(env.mongoBaseUrl, `${prefix}_${uniqueSuffix(4)}`, { retryWrites: env.mongoLabel.startsWith('mongod') ? undefined : false });
}

/**
 * The validator's settings given to the bench (`EYE_VALIDATOR_BATCH_SIZE=500 npm run bench ...`):
 * services otherwise get a minimal environment, so a tuning experiment has to be passed on.
 */
function validatorTuning(given: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(given).filter((entry): entry is [string, string] => entry[0].startsWith('EYE_VALIDATOR_') && entry[1] !== undefined),
  );
}

/**
 * Starts the four services on a fresh database and stream (logs at warn, OpenTelemetry off as in
 * the test harness), with `validators` validator processes, and creates an application.
 */
export async function startBenchStack(
  env: BenchEnvironment,
  options: { validators: number; mongoUrl?: string; natsUrl?: string; env?: Record<string, string> },
): Promise<BenchStack> {
  const mongoUrl = options.mongoUrl ?? freshDatabaseUrl(env, 'eye_bench');
  const natsUrl = options.natsUrl ?? env.natsUrl;
  const stack = await startStack({
    natsUrl,
    mongoUrl,
    // A large stream: the accept-path scenarios queue a few hundred MB with no validator running.
    env: {
      EYE_STREAM_MAX_BYTES: '8gb',
      EYE_LOG_LEVEL: 'warn',
      // EYE_BENCH_PROFILE=<dir>: a CPU profile of every service, written when it stops.
      ...(process.env['EYE_BENCH_PROFILE']
        ? { NODE_OPTIONS: `--require ${join(repoRoot(), 'tools', 'bench', 'cpu-profile.cjs')}`, EYE_BENCH_PROFILE_DIR: process.env['EYE_BENCH_PROFILE'] }
        : {}),
      ...validatorTuning(process.env),
      ...options.env,
    },
  });
  const extraValidators: ServiceProcess[] = [];
  const validatorOpsUrls = [stack.opsUrls.validator];
  for (let index = 1; index < options.validators; index += 1) {
    const port = await freePort();
    extraValidators.push(await startService('validator', { env: { ...stack.env, EYE_METRICS_PORT: String(port) } }));
    validatorOpsUrls.push(`http://127.0.0.1:${port}`);
  }
  const application = `bench-${uniqueSuffix(3)}`;
  const app = await createTestApplication(mongoUrl, { name: application });
  return {
    stack,
    token: app.token,
    application,
    mongoUrl,
    extraValidators,
    validatorOpsUrls,
    pids: () => ({
      gateway: stack.services.gateway.pid,
      ingest: stack.services.ingest.pid,
      validator: stack.services.validator.running ? stack.services.validator.pid : undefined,
      ...Object.fromEntries(extraValidators.map((validator, index) => [`validator${index + 2}`, validator.pid])),
      ...env.pids(),
    }),
    stop: async () => {
      await Promise.all(extraValidators.map((validator) => validator.stop()));
      await stack.stop();
      await deleteStream(natsUrl, stack.env['EYE_STREAM_NAME'] ?? '');
    },
  };
}

/** Removes a stack's stream, so what one scenario queued never fills the disk for the next. */
async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}
