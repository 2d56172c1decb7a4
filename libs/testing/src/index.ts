/**
 * The Eye's test harness: real nats-server and MongoDB-wire servers on free loopback ports,
 * the services started as processes, and fixtures. For test files only.
 *
 * The jest global setup (`libs/testing/src/jest/global-setup.ts`) starts one nats-server and one
 * database per jest run; {@link testNatsUrl} and {@link testMongoUrl} point at them.
 */
export { HarnessError, repoRoot } from './repo';
export { freePort, canConnect } from './ports';
export {
  TEST_ENV,
  testMongoUrl,
  testNatsUrl,
  testNatsMonitorUrl,
  testMongoFlavor,
  testMongoDescription,
  withDatabase,
  databaseName,
  uniqueSuffix,
} from './urls';
export { startNatsServer, type NatsServer, type NatsServerOptions } from './nats-server';
export { findPostgresql, postgresqlVersion, type FerretBackend } from './postgresql';
export { grpcurl, type GrpcurlRun } from './grpcurl';
export {
  startMongoServer,
  defaultMongoEngine,
  detectMongoFlavor,
  type MongoServer,
  type MongoServerOptions,
  type MongoEngine,
  type MongoFlavor,
} from './mongo-server';
export { startService, type ServiceName, type ServiceProcess, type StartServiceOptions } from './services';
export { startStack, type Stack, type StartStackOptions } from './stack';
export { startNatsCluster, type NatsCluster, type NatsClusterNode, type NatsClusterOptions } from './nats-cluster';
export { startClusterStack, type ClusterStack, type StartClusterStackOptions } from './cluster-stack';
export { listProcesses, descendantsOf, isAlive, type ProcessEntry } from './process-tree';
export {
  createTestApplication,
  type TestApplication,
  type CreateTestApplicationOptions,
} from './applications';

import type { MongoServer } from './mongo-server';
import type { NatsServer } from './nats-server';

/** Stops a server from {@link startNatsServer}; `{ signal: 'SIGKILL' }` simulates a crash. */
export function stopNatsServer(server: NatsServer, options?: { signal?: NodeJS.Signals }): Promise<void> {
  return server.stop(options);
}

/** Stops a server from {@link startMongoServer}; `{ signal: 'SIGKILL' }` simulates a crash. */
export function stopMongoServer(server: MongoServer, options?: { signal?: NodeJS.Signals }): Promise<void> {
  return server.stop(options);
}
