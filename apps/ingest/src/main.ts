import { telemetry } from './instrument';
import { ApplicationRegistry, Authenticator } from '@eye/auth';
import { ingestEnv, parseEnv } from '@eye/config';
import { AuthServiceService, IngestServiceService } from '@eye/contracts';
import { connectNats, ensureStream, isStreamPartitionsError } from '@eye/messaging';
import { createGrpcServer } from '@eye/rpc';
import { connectMongo, LiveEventTypeRegistry } from '@eye/store';
import { createLogger, retryUntilReady, shutdownOnSignals, startOpsServer } from '@eye/telemetry';
import { authHandlers, ingestHandlers } from './grpc-handlers';
import { IngestService } from './ingest-service';
import { ingestMetrics } from './metrics';


async function main(): Promise<void> {
  const config = parseEnv(ingestEnv, process.env);
  const logger = createLogger({ service: 'eye-ingest', level: config.EYE_LOG_LEVEL, pretty: config.EYE_LOG_PRETTY });
  const metrics = ingestMetrics();

  const mongo = await retryUntilReady(() => connectMongo({ url: config.EYE_MONGO_URL, appName: 'eye-ingest' }), { what: 'MongoDB', logger });
  const applications = new ApplicationRegistry(mongo.db);
  await retryUntilReady(() => applications.ensureIndexes(), { what: 'MongoDB indexes', logger });
  const auth = new Authenticator(applications, {
    cacheTtlMs: config.EYE_AUTH_CACHE_TTL,
    onLookup: (result) => metrics.authLookups.inc({ result }),
  });
  // Only POST /v1/events/validate uses them; the pipeline's verdict is the validator's.
  const eventTypes = new LiveEventTypeRegistry({
    db: mongo.db,
    refreshMs: config.EYE_EVENT_TYPES_REFRESH,
    logger,
  });
  await retryUntilReady(() => eventTypes.start(), { what: 'registered event types', logger });

  const nats = await connectNats({
    url: config.EYE_NATS_URL,
    name: 'eye-ingest',
    onStatus: (status) => logger.info({ nats_status: status.type }, 'nats connection status'),
  });
  await retryUntilReady(
    async () =>
      ensureStream(await nats.jsm(), {
        name: config.EYE_STREAM_NAME,
        subject: config.EYE_STREAM_SUBJECT,
        partitions: config.EYE_PARTITIONS,
        maxAgeMs: config.EYE_STREAM_MAX_AGE,
        maxBytes: config.EYE_STREAM_MAX_BYTES,
        duplicateWindowMs: config.EYE_STREAM_DUPLICATE_WINDOW,
        replicas: config.EYE_STREAM_REPLICAS,
      }),
    { what: 'JetStream stream', logger, giveUpOn: isStreamPartitionsError },
  );

  const service = new IngestService({
    nats,
    subject: config.EYE_STREAM_SUBJECT,
    partitions: config.EYE_PARTITIONS,
    publishTimeoutMs: config.EYE_PUBLISH_TIMEOUT,
    clockSkewMs: config.EYE_CLOCK_SKEW,
    eventTypes: () => eventTypes.current(),
    onPublished: ({ seconds, ok }) => metrics.publishDuration.observe({ outcome: ok ? 'ok' : 'error' }, seconds),
  });
  const grpc = createGrpcServer({ services: ['eye.v1.IngestService', 'eye.v1.AuthService'], protoFiles: ['eye/v1/ingest.proto', 'eye/v1/auth.proto'] });
  grpc.server.addService(IngestServiceService, ingestHandlers(service, auth, metrics, logger));
  grpc.server.addService(AuthServiceService, authHandlers(auth, metrics, logger));
  await grpc.listen(config.EYE_INGEST_ADDR);
  const ready = async () => nats.isConnected() && (await mongo.ping());
  await grpc.trackReadiness(ready);

  const ops = await startOpsServer({
    port: config.EYE_METRICS_PORT,
    host: config.EYE_METRICS_HOST,
    registry: metrics.registry,
    readiness: ready,
    logger,
  });
  logger.info(
    { address: config.EYE_INGEST_ADDR, metrics_port: ops.port, stream: config.EYE_STREAM_NAME, partitions: config.EYE_PARTITIONS },
    'ingest ready',
  );

  shutdownOnSignals({
    logger,
    steps: [
      { name: 'grpc', run: () => grpc.shutdown(10_000) },
      { name: 'event types', run: () => eventTypes.stop() },
      { name: 'nats', run: () => nats.drain() },
      { name: 'mongo', run: () => mongo.close() },
      { name: 'ops', run: () => ops.close() },
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ],
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`eye-ingest failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
