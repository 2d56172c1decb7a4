import { randomBytes } from 'node:crypto';
import { HarnessError } from './repo';
import type { MongoFlavor } from './mongo-server';

/** The variables the jest global setup exports to test processes. */
export const TEST_ENV = {
  natsUrl: 'EYE_TEST_NATS_URL',
  natsMonitorUrl: 'EYE_TEST_NATS_MONITOR_URL',
  mongoUrl: 'EYE_TEST_MONGO_URL',
  mongoFlavor: 'EYE_TEST_MONGO_FLAVOR',
  /** What the harness database is, e.g. `FerretDB on PostgreSQL` (for logs and reports). */
  mongoDescription: 'EYE_TEST_MONGO_DESCRIPTION',
  /** A folder for this jest run's service logs; the global teardown removes it. */
  runDir: 'EYE_TEST_RUN_DIR',
} as const;

const GLOBAL_SETUP_HINT =
  "add globalSetup: '<rootDir>/../../libs/testing/src/jest/global-setup.ts' and " +
  "globalTeardown: '<rootDir>/../../libs/testing/src/jest/global-teardown.ts' to this project's jest config";

/** A short random suffix, safe in database, stream and consumer names. */
export function uniqueSuffix(bytes = 5): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * `baseUrl` with its database name replaced by `dbName`, keeping hosts, credentials and options.
 * Adds `retryWrites=false` when `retryWrites` is false and the URL does not set it already.
 * Works for multi-host URLs (`mongodb://a:1,b:2/?replicaSet=rs`), which `new URL` cannot parse.
 */
export function withDatabase(baseUrl: string, dbName: string, options: { retryWrites?: boolean } = {}): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(baseUrl.trim());
  if (!match) throw new HarnessError(`not a MongoDB URL: ${baseUrl}`);
  const [, scheme, authority, , query] = match;
  if (!authority) throw new HarnessError(`MongoDB URL without a host: ${baseUrl}`);
  if (!/^[^/\\. "$*<>:|?]{1,63}$/.test(dbName)) throw new HarnessError(`not a usable database name: ${dbName}`);
  const params = (query ?? '').split('&').filter(Boolean);
  if (options.retryWrites === false && !params.some((p) => p.toLowerCase().startsWith('retrywrites='))) {
    params.push('retryWrites=false');
  }
  return `${scheme}${authority}/${dbName}${params.length ? `?${params.join('&')}` : ''}`;
}

/** The database name in a MongoDB URL (empty string when there is none). */
export function databaseName(url: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/?([^?#]*)/.exec(url.trim());
  return decodeURIComponent(match?.[1] ?? '');
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new HarnessError(`${name} is not set: ${GLOBAL_SETUP_HINT}`);
  return value;
}

/** What the harness MongoDB is; `ferretdb` unless the global setup found a real MongoDB. */
export function testMongoFlavor(): MongoFlavor {
  return process.env[TEST_ENV.mongoFlavor] === 'mongodb' ? 'mongodb' : 'ferretdb';
}

/** What the harness database is, e.g. `FerretDB on PostgreSQL`, `FerretDB on SQLite`, `MongoDB (mongod)`. */
export function testMongoDescription(): string {
  return process.env[TEST_ENV.mongoDescription] ?? (testMongoFlavor() === 'mongodb' ? 'MongoDB' : 'FerretDB');
}

/**
 * A MongoDB URL on the harness database server with a database of its own: `dbName`, or a fresh
 * `eye_test_<random>` when omitted. Against FerretDB (not a replica set) it sets `retryWrites=false`.
 */
export function testMongoUrl(dbName?: string): string {
  const base = requireEnv(TEST_ENV.mongoUrl);
  return withDatabase(base, dbName ?? `eye_test_${uniqueSuffix()}`, {
    retryWrites: testMongoFlavor() === 'mongodb' ? undefined : false,
  });
}

/** The harness nats-server (JetStream enabled), e.g. `nats://127.0.0.1:41234`. */
export function testNatsUrl(): string {
  return requireEnv(TEST_ENV.natsUrl);
}

/** The harness nats-server's monitoring endpoint, e.g. `http://127.0.0.1:41235`. */
export function testNatsMonitorUrl(): string {
  return requireEnv(TEST_ENV.natsMonitorUrl);
}
