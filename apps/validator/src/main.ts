import { telemetry } from './instrument';
import { parseEnv, validatorEnv } from '@eye/config';
import { connectNats, ensureConsumer, ensureStream, requeueMessage } from '@eye/messaging';
import { connectMongo, DeadLetters, describeStoreEngine, detectStoreEngine, ensureIndexes, EventWriter, LiveEventTypeRegistry } from '@eye/store';
import { createLogger, retryUntilReady, shutdownOnSignals, startOpsServer } from '@eye/telemetry';
import { BatchProcessor } from './batch-processor';
import { ConsumeLoop } from './consume-loop';
import { validatorMetrics } from './metrics';

async function main(): Promise<void> {
  const config = parseEnv(validatorEnv, process.env);
  const logger = createLogger({ service: 'eye-validator', level: config.EYE_LOG_LEVEL, pretty: config.EYE_LOG_PRETTY });
  const metrics = validatorMetrics();

  const mongo = await retryUntilReady(() => connectMongo({ url: config.EYE_MONGO_URL, appName: 'eye-validator' }), { what: 'MongoDB', logger });
  const engine = await retryUntilReady(() => detectStoreEngine(mongo.db), { what: 'MongoDB', logger });
  await retryUntilReady(() => ensureIndexes(mongo.db, engine), { what: 'MongoDB indexes', logger });
  const eventTypes = new LiveEventTypeRegistry({
    db: mongo.db,
    refreshMs: config.EYE_EVENT_TYPES_REFRESH,
    logger,
  });
  await retryUntilReady(() => eventTypes.start(), { what: 'registered event types', logger });

  const nats = await connectNats({
    url: config.EYE_NATS_URL,
    name: 'eye-validator',
    onStatus: (status) => logger.info({ nats_status: status.type }, 'nats connection status'),
  });
  const consumerSettings = {
    stream: config.EYE_STREAM_NAME,
    durable: config.EYE_CONSUMER_NAME,
    ackWaitMs: config.EYE_VALIDATOR_ACK_WAIT,
    maxAckPending: Math.max(1_000, config.EYE_VALIDATOR_BATCH_SIZE * 4),
    maxDeliver: config.EYE_VALIDATOR_MAX_DELIVER,
  };
  await retryUntilReady(
    async () => {
      const jsm = await nats.jsm();
      await ensureStream(jsm, {
        name: config.EYE_STREAM_NAME,
        subject: config.EYE_STREAM_SUBJECT,
        maxAgeMs: config.EYE_STREAM_MAX_AGE,
        maxBytes: config.EYE_STREAM_MAX_BYTES,
        duplicateWindowMs: config.EYE_STREAM_DUPLICATE_WINDOW,
        replicas: config.EYE_STREAM_REPLICAS,
      });
      await ensureConsumer(jsm, consumerSettings);
    },
    { what: 'JetStream stream and consumer', logger },
  );

  // Messages in hand tell JetStream "still working" three times per ack wait, so it never hands them to another validator meanwhile.
  const heartbeatMs = Math.max(200, Math.floor(config.EYE_VALIDATOR_ACK_WAIT / 3));
  const stopping = new AbortController();
  const processor = new BatchProcessor({
    writer: new EventWriter(mongo.db, { writeConcern: { w: config.EYE_MONGO_WRITE_CONCERN, journal: config.EYE_MONGO_JOURNAL } }),
    deadLetters: new DeadLetters(mongo.db),
    requeue: (message) => requeueMessage(nats, message),
    stream: config.EYE_STREAM_NAME,
    subject: config.EYE_STREAM_SUBJECT,
    consumerName: config.EYE_CONSUMER_NAME,
    clockSkewMs: config.EYE_CLOCK_SKEW,
    maxDeliver: config.EYE_VALIDATOR_MAX_DELIVER,
    metrics,
    logger,
    stopSignal: stopping.signal,
    heartbeatMs,
    eventTypes: () => eventTypes.current(),
  });
  const loop = new ConsumeLoop({ nats, consumer: consumerSettings, batchSize: config.EYE_VALIDATOR_BATCH_SIZE, heartbeatMs, processor, stopping, logger });
  let fatal = false;
  loop.start((error) => {
    // A bug, not the database or the queue: end loudly (exit 1) rather than loop; JetStream
    // redelivers what was in hand, one message at a time, and dead-letters it on its last delivery.
    fatal = true;
    logger.fatal({ err: error }, 'the validator stopped on an unexpected error');
    void shutdown();
  });

  // Consumer state for /metrics, refreshed in the background.
  const refreshConsumerGauges = async () => {
    try {
      const info = await (await nats.jsm()).consumers.info(consumerSettings.stream, consumerSettings.durable);
      metrics.consumerPending.set(info.num_pending);
      metrics.consumerAckPending.set(info.num_ack_pending);
      metrics.consumerRedelivered.set(info.num_redelivered);
    } catch {
      // NATS away: keep the last values.
    }
  };
  const gaugeTimer = setInterval(() => void refreshConsumerGauges(), 5_000);
  gaugeTimer.unref();

  const ops = await startOpsServer({
    port: config.EYE_METRICS_PORT,
    host: config.EYE_METRICS_HOST,
    registry: metrics.registry,
    // Not ready while writes keep failing, even if the database answers pings.
    readiness: async () => nats.isConnected() && !processor.storeFailing && (await mongo.ping()),
    logger,
  });
  logger.info(
    { metrics_port: ops.port, stream: config.EYE_STREAM_NAME, consumer: config.EYE_CONSUMER_NAME, database: describeStoreEngine(engine) },
    'validator ready',
  );

  const shutdown = shutdownOnSignals({
    logger,
    exit: (code) => process.exit(fatal ? 1 : code),
    steps: [
      { name: 'consume', run: () => loop.stop() },
      { name: 'gauges', run: () => clearInterval(gaugeTimer) },
      { name: 'event types', run: () => eventTypes.stop() },
      { name: 'nats', run: () => nats.drain() },
      { name: 'mongo', run: () => mongo.close() },
      { name: 'ops', run: () => ops.close() },
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ],
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`eye-validator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
