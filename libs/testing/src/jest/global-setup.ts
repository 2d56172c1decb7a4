/**
 * Jest global setup: once per jest run, a fresh nats-server with JetStream and a MongoDB-wire
 * database on free loopback ports, exported to the test processes as EYE_TEST_NATS_URL,
 * EYE_TEST_NATS_MONITOR_URL, EYE_TEST_MONGO_URL (no database name) and EYE_TEST_MONGO_FLAVOR.
 *
 * Use it from a project's jest config:
 *   globalSetup: '<rootDir>/../../libs/testing/src/jest/global-setup.ts',
 *   globalTeardown: '<rootDir>/../../libs/testing/src/jest/global-teardown.ts',
 *
 * EYE_TEST_MONGO_URL set beforehand: that server is used instead of starting one. Otherwise a
 * `mongod` on PATH is started, else `.bin/ferretdb`: on PostgreSQL when a server is reachable
 * (EYE_FERRETDB_POSTGRESQL_URL, else 127.0.0.1:5432), in a database of this run's own that the
 * teardown drops, else on SQLite (EYE_FERRETDB_BACKEND=sqlite|postgresql forces one). EYE_TEST_NATS_URL set beforehand: that
 * NATS is used (it must have JetStream). Service logs of the run go to EYE_TEST_RUN_DIR, removed
 * by the teardown unless EYE_TEST_KEEP_LOGS=true.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectMongoFlavor, mongoPing, startMongoServer } from '../mongo-server';
import { startNatsServer } from '../nats-server';
import { HarnessError } from '../repo';
import { TEST_ENV } from '../urls';
import { saveInfrastructure, type GlobalInfrastructure } from './state';
import globalTeardown from './global-teardown';

export default async function globalSetup(): Promise<void> {
  const state: GlobalInfrastructure = { savedEnv: {} };
  saveInfrastructure(state);
  const exportEnv = (name: string, value: string) => {
    if (!(name in state.savedEnv)) state.savedEnv[name] = process.env[name];
    process.env[name] = value;
  };

  try {
    state.runDir = await mkdtemp(join(tmpdir(), 'eye-test-run-'));
    exportEnv(TEST_ENV.runDir, state.runDir);

    const externalNats = process.env[TEST_ENV.natsUrl];
    const externalMongo = process.env[TEST_ENV.mongoUrl];

    const nats = externalNats ? undefined : startNatsServer().then((server) => (state.nats = server));
    const mongo = externalMongo ? undefined : startMongoServer().then((server) => (state.mongo = server));
    // Settle both before failing, so the teardown can stop whichever did start.
    const results = await Promise.allSettled([nats, mongo]);
    for (const result of results) if (result.status === 'rejected') throw result.reason;

    if (state.nats) {
      exportEnv(TEST_ENV.natsUrl, state.nats.url);
      exportEnv(TEST_ENV.natsMonitorUrl, state.nats.monitorUrl);
    }

    if (state.mongo) {
      exportEnv(TEST_ENV.mongoUrl, state.mongo.url);
      exportEnv(TEST_ENV.mongoFlavor, state.mongo.engine === 'mongod' ? 'mongodb' : 'ferretdb');
      exportEnv(TEST_ENV.mongoDescription, state.mongo.description);
    } else if (externalMongo) {
      if (!(await mongoPing(externalMongo))) {
        throw new HarnessError(`EYE_TEST_MONGO_URL=${externalMongo} does not answer ping`);
      }
      exportEnv(TEST_ENV.mongoFlavor, await detectMongoFlavor(externalMongo));
    }
  } catch (error) {
    await globalTeardown();
    throw error;
  }
}
