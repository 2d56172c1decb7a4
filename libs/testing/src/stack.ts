import { freePort } from './ports';
import { startService, type ServiceName, type ServiceProcess } from './services';
import { testMongoUrl, testNatsUrl, uniqueSuffix } from './urls';

export interface StartStackOptions {
  /** Extra variables for all four services (override the stack's own). */
  env?: Record<string, string>;
  /** Extra variables for one service only (override everything else). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Default: the harness nats-server ({@link testNatsUrl}). */
  natsUrl?: string;
  /** Default: a fresh database on the harness MongoDB ({@link testMongoUrl}). */
  mongoUrl?: string;
  /** Per service (default 30 s). */
  readyTimeoutMs?: number;
}

/** The four services of The Eye, started against the harness infrastructure. */
export interface Stack {
  /** e.g. `http://127.0.0.1:41234` */
  readonly gatewayUrl: string;
  /** host:port of the ingest gRPC service */
  readonly ingestAddr: string;
  /** host:port of the query gRPC service */
  readonly queryAddr: string;
  readonly mongoUrl: string;
  readonly natsUrl: string;
  /** The variables shared by all four (ports, URLs, stream and consumer names). */
  readonly env: Readonly<Record<string, string>>;
  /** Each service's ops endpoint (`/healthz`, `/readyz`, `/metrics`) on its own port. */
  readonly opsUrls: Readonly<Record<ServiceName, string>>;
  readonly services: Readonly<Record<ServiceName, ServiceProcess>>;
  /** Stops all four (gateway first), waiting for each to exit. */
  stop(): Promise<void>;
}

const ORDER: readonly ServiceName[] = ['gateway', 'ingest', 'validator', 'query'];

/**
 * Starts gateway, ingest, validator and query on free ports with a database, stream, subject and
 * consumer of their own, so stacks in parallel test files never see each other's data.
 */
export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
  const [httpPort, ingestPort, queryPort, gatewayOps, ingestOps, validatorOps, queryOps] = await Promise.all(
    Array.from({ length: 7 }, () => freePort()),
  );
  const suffix = uniqueSuffix();
  const natsUrl = options.natsUrl ?? testNatsUrl();
  const mongoUrl = options.mongoUrl ?? testMongoUrl(`eye_test_${suffix}`);
  const env: Record<string, string> = {
    EYE_NATS_URL: natsUrl,
    EYE_MONGO_URL: mongoUrl,
    EYE_HTTP_PORT: String(httpPort),
    EYE_INGEST_ADDR: `127.0.0.1:${ingestPort}`,
    EYE_QUERY_ADDR: `127.0.0.1:${queryPort}`,
    EYE_STREAM_NAME: `EYE_T_${suffix}`,
    EYE_STREAM_SUBJECT: `eye.t.${suffix}.events`,
    EYE_CONSUMER_NAME: `eye-validator-${suffix}`,
    ...options.env,
  };
  const opsPorts: Record<ServiceName, number> = {
    gateway: gatewayOps,
    ingest: ingestOps,
    validator: validatorOps,
    query: queryOps,
  };
  const envFor = (name: ServiceName): Record<string, string> => ({
    ...env,
    EYE_METRICS_PORT: String(opsPorts[name]),
    ...options.serviceEnv?.[name],
  });

  const services: Partial<Record<ServiceName, ServiceProcess>> = {};
  const start = async (name: ServiceName) => {
    services[name] = await startService(name, { env: envFor(name), readyTimeoutMs: options.readyTimeoutMs });
  };
  const stopAll = async () => {
    await services.gateway?.stop();
    await Promise.all(ORDER.filter((n) => n !== 'gateway').map((n) => services[n]?.stop()));
  };

  try {
    // ingest creates the stream the validator consumes; the gateway needs both gRPC services.
    // Both settle before a failure is thrown, so the one that did start is stopped below.
    const first = await Promise.allSettled([start('ingest'), start('query')]);
    for (const result of first) if (result.status === 'rejected') throw result.reason;
    await start('validator');
    await start('gateway');
  } catch (error) {
    await Promise.allSettled(ORDER.map((n) => services[n]?.kill()));
    throw error;
  }

  const ready = services as Record<ServiceName, ServiceProcess>;
  return {
    gatewayUrl: `http://127.0.0.1:${ready.gateway.env['EYE_HTTP_PORT'] ?? httpPort}`,
    ingestAddr: env['EYE_INGEST_ADDR'] ?? '',
    queryAddr: env['EYE_QUERY_ADDR'] ?? '',
    mongoUrl: env['EYE_MONGO_URL'] ?? mongoUrl,
    natsUrl: env['EYE_NATS_URL'] ?? natsUrl,
    env: Object.freeze({ ...env }),
    opsUrls: Object.freeze(
      Object.fromEntries(
        ORDER.map((n) => [n, `http://127.0.0.1:${ready[n].env['EYE_METRICS_PORT']}`]),
      ) as Record<ServiceName, string>,
    ),
    services: Object.freeze(ready),
    stop: stopAll,
  };
}
