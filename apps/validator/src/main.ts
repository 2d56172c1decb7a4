import { telemetry } from './instrument';
import { consumedPartitions, parseEnv, validatorEnv } from '@eye/config';
import { connectNats, ensureConsumer, ensureStream, isStreamPartitionsError, partitionConsumers, requeueMessage } from '@eye/messaging';
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
  const partitions = consumedPartitions(config);
  // One durable consumer per partition (the work-queue stream needs them not to overlap); every
  // validator consuming a partition shares its consumer.
  const consumers = partitionConsumers(
    {
      stream: config.EYE_STREAM_NAME,
      subject: config.EYE_STREAM_SUBJECT,
      durable: config.EYE_CONSUMER_NAME,
      ackWaitMs: config.EYE_VALIDATOR_ACK_WAIT,
      // Room for the batches in the processor, the next one arriving, and redeliveries besides.
      maxAckPending: Math.max(1_000, config.EYE_VALIDATOR_BATCH_SIZE * (config.EYE_VALIDATOR_CONCURRENCY + 3)),
      maxDeliver: config.EYE_VALIDATOR_MAX_DELIVER,
    },
    partitions,
  );
  await retryUntilReady(
    async () => {
      const jsm = await nats.jsm();
      await ensureStream(jsm, {
        name: config.EYE_STREAM_NAME,
        subject: config.EYE_STREAM_SUBJECT,
        partitions: config.EYE_PARTITIONS,
        maxAgeMs: config.EYE_STREAM_MAX_AGE,
        maxBytes: config.EYE_STREAM_MAX_BYTES,
        duplicateWindowMs: config.EYE_STREAM_DUPLICATE_WINDOW,
        replicas: config.EYE_STREAM_REPLICAS,
      });
      for (const consumer of consumers) await ensureConsumer(jsm, consumer);
    },
    { what: 'JetStream stream and consumers', logger, giveUpOn: isStreamPartitionsError },
  );

  // Messages in hand tell JetStream "still working" three times per ack wait, so it never hands them to another validator meanwhile.
  const heartbeatMs = Math.max(200, Math.floor(config.EYE_VALIDATOR_ACK_WAIT / 3));
  const stopping = new AbortController();
  const writer = new EventWriter(mongo.db, { writeConcern: { w: config.EYE_MONGO_WRITE_CONCERN, journal: config.EYE_MONGO_JOURNAL } });
  const deadLetters = new DeadLetters(mongo.db);
  let fatal = false;
  // One consume loop per partition: each partition's events are taken in order, a few batches at a time.
  const loops = consumers.map((consumer) => {
    const processor = new BatchProcessor({
      writer,
      deadLetters,
      requeue: (message) => requeueMessage(nats, message),
      stream: config.EYE_STREAM_NAME,
      subject: config.EYE_STREAM_SUBJECT,
      consumerName: consumer.durable,
      clockSkewMs: config.EYE_CLOCK_SKEW,
      maxDeliver: config.EYE_VALIDATOR_MAX_DELIVER,
      metrics,
      logger,
      stopSignal: stopping.signal,
      heartbeatMs,
      eventTypes: () => eventTypes.current(),
    });
    return { processor, loop: new ConsumeLoop({ nats, consumer, batchSize: config.EYE_VALIDATOR_BATCH_SIZE, concurrency: config.EYE_VALIDATOR_CONCURRENCY, batchWaitMs: config.EYE_VALIDATOR_BATCH_WAIT, heartbeatMs, processor, stopping, logger }) };
  });
  for (const { loop } of loops) {
    loop.start((error) => {
      // A bug, not the database or the queue: end loudly (exit 1) rather than loop; JetStream
      // redelivers what was in hand, one message at a time, and dead-letters it on its last delivery.
      fatal = true;
      logger.fatal({ err: error }, 'the validator stopped on an unexpected error');
      void shutdown();
    });
  }

  // Consumer state for /metrics (summed over the partitions consumed), refreshed in the background.
  const refreshConsumerGauges = async () => {
    try {
      const jsm = await nats.jsm();
      const infos = await Promise.all(consumers.map((consumer) => jsm.consumers.info(consumer.stream, consumer.durable)));
      metrics.consumerPending.set(infos.reduce((sum, info) => sum + info.num_pending, 0));
      metrics.consumerAckPending.set(infos.reduce((sum, info) => sum + info.num_ack_pending, 0));
      metrics.consumerRedelivered.set(infos.reduce((sum, info) => sum + info.num_redelivered, 0));
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
    readiness: async () => nats.isConnected() && !loops.some(({ processor }) => processor.storeFailing) && (await mongo.ping()),
    logger,
  });
  logger.info(
    { metrics_port: ops.port, stream: config.EYE_STREAM_NAME, consumers: consumers.map((consumer) => consumer.durable), partitions, database: describeStoreEngine(engine) },
    'validator ready',
  );

  const shutdown = shutdownOnSignals({
    logger,
    exit: (code) => process.exit(fatal ? 1 : code),
    steps: [
      { name: 'consume', run: () => Promise.all(loops.map(({ loop }) => loop.stop())) },
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
