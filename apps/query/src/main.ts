import { telemetry } from './instrument';
import { ApplicationRegistry, Authenticator } from '@eye/auth';
import { parseEnv, queryEnv } from '@eye/config';
import { QueryServiceService } from '@eye/contracts';
import { createGrpcServer } from '@eye/rpc';
import { connectMongo, describeStoreEngine, detectStoreEngine, ensureIndexes, EventReader, InvalidEventReader, RegisteredEventTypes, SessionReader, StatsReader } from '@eye/store';
import { createLogger, retryUntilReady, shutdownOnSignals, startOpsServer } from '@eye/telemetry';
import { queryMetrics } from './metrics';
import { queryHandlers } from './query-handlers';
import { QueryService } from './query-service';

const SERVICE = 'eye.v1.QueryService';

async function main(): Promise<void> {
  const config = parseEnv(queryEnv, process.env);
  const logger = createLogger({ service: 'eye-query', level: config.EYE_LOG_LEVEL, pretty: config.EYE_LOG_PRETTY });
  const metrics = queryMetrics();

  const mongo = await retryUntilReady(() => connectMongo({ url: config.EYE_MONGO_URL, appName: 'eye-query' }), { what: 'MongoDB', logger });
  // What the database can do decides how summaries are read; asked once, here.
  const engine = await retryUntilReady(() => detectStoreEngine(mongo.db), { what: 'MongoDB', logger });
  // The reads rely on the declared indexes; make sure they exist even before a validator ran.
  await retryUntilReady(() => ensureIndexes(mongo.db, engine), { what: 'MongoDB indexes', logger });
  const auth = new Authenticator(new ApplicationRegistry(mongo.db), { cacheTtlMs: config.EYE_AUTH_CACHE_TTL });

  const service = new QueryService({
    readers: {
      events: new EventReader(mongo.db, engine, { clockSkewMs: config.EYE_CLOCK_SKEW }),
      sessions: new SessionReader(mongo.db, engine),
      invalidEvents: new InvalidEventReader(mongo.db, engine),
      stats: new StatsReader(mongo.db, engine),
      eventTypes: new RegisteredEventTypes(mongo.db),
    },
  });
  const grpc = createGrpcServer({ services: [SERVICE], protoFiles: ['eye/v1/query.proto'] });
  grpc.server.addService(QueryServiceService, queryHandlers(service, auth, metrics, logger));
  await grpc.listen(config.EYE_QUERY_ADDR);
  const ready = () => mongo.ping();
  await grpc.trackReadiness(ready);

  const ops = await startOpsServer({
    port: config.EYE_METRICS_PORT,
    host: config.EYE_METRICS_HOST,
    registry: metrics.registry,
    readiness: ready,
    logger,
  });
  logger.info({ address: config.EYE_QUERY_ADDR, metrics_port: ops.port, database: describeStoreEngine(engine) }, 'query ready');

  shutdownOnSignals({
    logger,
    steps: [
      { name: 'grpc', run: () => grpc.shutdown(10_000) },
      { name: 'mongo', run: () => mongo.close() },
      { name: 'ops', run: () => ops.close() },
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ],
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`eye-query failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
