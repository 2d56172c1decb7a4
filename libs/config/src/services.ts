import { z } from 'zod';
import { availableParallelism } from 'node:os';
import { address, addressList, byteSize, duration, flag, partitionSet, port, positiveInt } from './env';

const logging = {
  EYE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EYE_LOG_PRETTY: flag.default(false),
};

/** Where a service serves /metrics, /healthz and /readyz: its ops port, loopback unless configured. */
const ops = (defaultPort: number) => ({
  EYE_METRICS_HOST: z.string().default('127.0.0.1'),
  EYE_METRICS_PORT: port.default(defaultPort),
});

/** One NATS URL, or the nodes of a cluster separated by commas (more are learnt from the cluster). */
const nats = { EYE_NATS_URL: z.string().trim().min(1).default('nats://127.0.0.1:4222') };
const mongo = { EYE_MONGO_URL: z.string().default('mongodb://127.0.0.1:27017/eye') };

/** The most partitions a stream may have: each is a subject and a durable consumer. */
const MAX_PARTITIONS = 256;

/**
 * The JetStream stream's settings. The stream is created or updated to these at ingest startup.
 * `EYE_STREAM_DUPLICATE_WINDOW` bounds how long a client may retry an event id and still be
 * deduplicated by JetStream itself (MongoDB's unique index dedupes forever after that).
 */
const stream = {
  EYE_STREAM_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default('EYE_EVENTS'),
  EYE_STREAM_SUBJECT: z.string().default('eye.events'),
  EYE_STREAM_MAX_AGE: duration.default(7 * 86_400_000),
  EYE_STREAM_MAX_BYTES: byteSize.default(10 * 1024 ** 3),
  EYE_STREAM_DUPLICATE_WINDOW: duration.default(10 * 60_000),
  EYE_STREAM_REPLICAS: positiveInt.max(5).default(1),
  /**
   * Partitions by session: events go to `<EYE_STREAM_SUBJECT>.<partition>`, the partition being a
   * stable hash of application and session id modulo this. Ingest and validators must agree.
   */
  EYE_PARTITIONS: positiveInt.max(MAX_PARTITIONS).default(1),
};

/** Token lookups are cached at most 10 s: the contract's bound on revocation. */
const authCacheTtl = duration.pipe(z.number().max(10_000, 'at most 10s: a revoked token must stop working within 10 seconds')).default(5_000);

const events = {
  /** How far in the future an event's timestamp may be, relative to when it was received. */
  EYE_CLOCK_SKEW: duration.default(60_000),
};

/** How often a service reloads the event types registered at run time (`eye types add`). */
const eventTypes = {
  EYE_EVENT_TYPES_REFRESH: duration.pipe(z.number().min(100, 'at least 100ms')).default(5_000),
};

/** The largest body the gateway may be configured to take: one request must fit one PublishEvents call. */
export const MAX_BODY_LIMIT_BYTES = 4 * 1024 ** 2;

export const gatewayEnv = z
  .object({
    ...logging,
    EYE_HTTP_HOST: z.string().default('127.0.0.1'),
    EYE_HTTP_PORT: port.default(8000),
    ...ops(9100),
    /** Every ingest process: calls are spread over them round robin. */
    EYE_INGEST_ADDR: addressList.default(['127.0.0.1:50051']),
    EYE_QUERY_ADDR: address.default('127.0.0.1:50052'),
    /** Worker processes sharing the HTTP port (node:cluster); 1 runs the gateway in one process. */
    EYE_GATEWAY_WORKERS: positiveInt.max(64).default(availableParallelism()),
    EYE_BODY_LIMIT: byteSize.pipe(z.number().min(1).max(MAX_BODY_LIMIT_BYTES, 'at most 4mb: one request must fit one call to ingest')).default(1024 ** 2),
    /** Deadline for each gRPC call the gateway makes. */
    EYE_RPC_TIMEOUT: duration.default(10_000),
    /** How long a client may take to send the request headers. */
    EYE_HTTP_HEADERS_TIMEOUT: duration.pipe(z.number().min(1)).default(10_000),
    /** How long a client may take to send the whole request, headers and body. */
    EYE_HTTP_REQUEST_TIMEOUT: duration.pipe(z.number().min(1)).default(30_000),
    /** How long an idle keep-alive connection stays open. */
    EYE_HTTP_KEEPALIVE_TIMEOUT: duration.default(5_000),
    /** Open connections at most; more are refused until some close. */
    EYE_HTTP_MAX_CONNECTIONS: positiveInt.default(1_024),
    /** How long the gateway reuses a token's application; a revoked token stops working within this time (≤ 10 s by contract). */
    EYE_AUTH_CACHE_TTL: authCacheTtl,
    /** Jaeger's query service (HTTP API): the explorer reads a trace's spans through the gateway from it. */
    EYE_JAEGER_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:16686'),
    /** Jaeger's UI as the browser reaches it, where the explorer links traces; default `EYE_JAEGER_URL`. */
    EYE_JAEGER_UI_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((config) => config.EYE_HTTP_HEADERS_TIMEOUT <= config.EYE_HTTP_REQUEST_TIMEOUT, {
    message: 'must not be longer than EYE_HTTP_REQUEST_TIMEOUT',
    path: ['EYE_HTTP_HEADERS_TIMEOUT'],
  });

export const ingestEnv = z.object({
  ...logging,
  ...nats,
  ...mongo,
  ...stream,
  ...events,
  ...eventTypes,
  EYE_INGEST_ADDR: address.default('127.0.0.1:50051'),
  ...ops(9101),
  /** How long a token lookup is cached; revocation takes effect within this time (≤ 10 s by contract). */
  EYE_AUTH_CACHE_TTL: authCacheTtl,
  /** How long ingest waits for JetStream to acknowledge a publish. */
  EYE_PUBLISH_TIMEOUT: duration.default(5_000),
});

export const validatorEnv = z
  .object({
    ...logging,
    ...nats,
    ...mongo,
    ...stream,
    ...events,
    ...eventTypes,
    ...ops(9102),
    /** Partition `p` is consumed through the durable consumer `<EYE_CONSUMER_NAME>-<p>`, shared by its validators. */
    EYE_CONSUMER_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default('eye-validator'),
    /** Which partitions this validator consumes: `all`, or numbers and ranges such as `0-3,6`. */
    EYE_VALIDATOR_PARTITIONS: partitionSet.default('all'),
    EYE_VALIDATOR_BATCH_SIZE: positiveInt.max(1000).default(200),
    /**
     * How many batches one validator validates and stores at once (per partition consumed): one
     * is validated while another's insert is on its way.
     */
    EYE_VALIDATOR_CONCURRENCY: positiveInt.max(16).default(2),
    /**
     * How long a batch that is not full may wait for more events before it is stored (0: store
     * each event as it arrives). Fewer, larger inserts at low rates; under load batches are full
     * and nothing waits.
     */
    EYE_VALIDATOR_BATCH_WAIT: duration.default(50),
    /** How long JetStream waits for an ack before redelivering a message. */
    EYE_VALIDATOR_ACK_WAIT: duration.default(60_000),
    /**
     * Most deliveries of one message. On its last one, a message that cannot be stored as an event
     * is recorded in `dead_letters` and acknowledged.
     */
    EYE_VALIDATOR_MAX_DELIVER: positiveInt.min(2).max(100).default(10),
    /** Write concern of event writes: `majority` or a number of members. */
    EYE_MONGO_WRITE_CONCERN: z.union([z.literal('majority'), z.coerce.number().int().min(1).max(50)]).default('majority'),
    /** Whether event writes wait for the journal (`j: true`). */
    EYE_MONGO_JOURNAL: flag.default(true),
  })
  .superRefine((config, context) => {
    const partitions: unknown = config.EYE_VALIDATOR_PARTITIONS;
    // Runs even when a field failed to parse: then there is nothing to compare.
    if (!Array.isArray(partitions) || typeof config.EYE_PARTITIONS !== 'number') return;
    const outside = (partitions as number[]).filter((partition) => partition >= config.EYE_PARTITIONS);
    if (outside.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['EYE_VALIDATOR_PARTITIONS'],
        message: `partition ${outside.join(', ')} does not exist: EYE_PARTITIONS=${config.EYE_PARTITIONS} gives partitions 0 to ${config.EYE_PARTITIONS - 1}`,
      });
    }
  });

/** The partitions a validator consumes, as numbers (`all` resolved against `EYE_PARTITIONS`). */
export function consumedPartitions(config: Pick<ValidatorConfig, 'EYE_PARTITIONS' | 'EYE_VALIDATOR_PARTITIONS'>): number[] {
  const chosen = config.EYE_VALIDATOR_PARTITIONS;
  return chosen === 'all' ? Array.from({ length: config.EYE_PARTITIONS }, (_, partition) => partition) : [...chosen];
}

export const queryEnv = z.object({
  ...logging,
  ...mongo,
  ...events,
  EYE_QUERY_ADDR: address.default('127.0.0.1:50052'),
  ...ops(9103),
  EYE_AUTH_CACHE_TTL: authCacheTtl,
});

export const cliEnv = z.object({
  ...mongo,
  ...events,
  /** The REST gateway the read, tail and send commands use. */
  EYE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8000'),
  /** Bearer token for those commands (`--token` overrides it). */
  EYE_TOKEN: z.string().min(1).optional(),
});

export type GatewayConfig = Readonly<z.output<typeof gatewayEnv>>;
export type IngestConfig = Readonly<z.output<typeof ingestEnv>>;
export type ValidatorConfig = Readonly<z.output<typeof validatorEnv>>;
export type QueryConfig = Readonly<z.output<typeof queryEnv>>;
export type CliConfig = Readonly<z.output<typeof cliEnv>>;
