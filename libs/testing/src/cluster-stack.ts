import { freePort } from './ports';
import { descendantsOf } from './process-tree';
import { startService, type ServiceProcess } from './services';
import { testMongoUrl, uniqueSuffix } from './urls';

export interface StartClusterStackOptions {
  /** Every NATS node, comma-separated (a {@link NatsCluster}'s `urls`). */
  natsUrl: string;
  /** Default: a fresh database on the harness MongoDB. */
  mongoUrl?: string;
  /** Ingest processes (default 2); the gateway spreads its calls over all of them. */
  ingests?: number;
  /** Validator processes (default 2); `validatorEnv` sets each one's own variables (e.g. its partitions). */
  validators?: number;
  validatorEnv?: (index: number) => Record<string, string>;
  /** Gateway worker processes (default 2). */
  gatewayWorkers?: number;
  /** Extra variables for every service. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/** The Eye with every service replicated, on free ports, against a NATS cluster. */
export interface ClusterStack {
  readonly gatewayUrl: string;
  readonly mongoUrl: string;
  /** The variables every service shares (stream, consumer, partitions, NATS and MongoDB URLs). */
  readonly env: Readonly<Record<string, string>>;
  readonly gateway: ServiceProcess;
  readonly ingests: ServiceProcess[];
  readonly validators: ServiceProcess[];
  readonly query: ServiceProcess;
  /** The gateway's worker processes (children of its primary) running now. */
  gatewayWorkerPids(): number[];
  /** Starts a stopped or killed service again with the same environment (same ports), in its place. */
  restart(service: ServiceProcess): Promise<ServiceProcess>;
  /** Stops everything, gateway first. */
  stop(): Promise<void>;
}

/**
 * Starts `ingests` ingest processes, `validators` validators, one query service and a gateway
 * with `gatewayWorkers` workers whose `EYE_INGEST_ADDR` lists every ingest, all sharing a stream,
 * consumer names and a database of their own.
 */
export async function startClusterStack(options: StartClusterStackOptions): Promise<ClusterStack> {
  const ingestCount = options.ingests ?? 2;
  const validatorCount = options.validators ?? 2;
  const suffix = uniqueSuffix();
  const mongoUrl = options.mongoUrl ?? testMongoUrl(`eye_test_${suffix}`);
  const ports = await Promise.all(Array.from({ length: 2 * ingestCount + validatorCount + 3 }, () => freePort()));
  const take = () => String(ports.pop());
  const env: Record<string, string> = {
    EYE_NATS_URL: options.natsUrl,
    EYE_MONGO_URL: mongoUrl,
    EYE_STREAM_NAME: `EYE_C_${suffix}`,
    EYE_STREAM_SUBJECT: `eye.c.${suffix}.events`,
    EYE_CONSUMER_NAME: `eye-validator-${suffix}`,
    ...options.env,
  };
  const ingestEnvs = Array.from({ length: ingestCount }, () => ({ ...env, EYE_INGEST_ADDR: `127.0.0.1:${take()}`, EYE_METRICS_PORT: take() }));
  const queryEnv = { ...env, EYE_QUERY_ADDR: `127.0.0.1:${take()}`, EYE_METRICS_PORT: take() };
  const validatorEnvs = Array.from({ length: validatorCount }, (_, index) => ({ ...env, EYE_METRICS_PORT: take(), ...options.validatorEnv?.(index) }));
  const gatewayEnv = {
    ...env,
    EYE_HTTP_PORT: take(),
    EYE_INGEST_ADDR: ingestEnvs.map((ingest) => ingest.EYE_INGEST_ADDR).join(','),
    EYE_QUERY_ADDR: queryEnv.EYE_QUERY_ADDR,
    EYE_GATEWAY_WORKERS: String(options.gatewayWorkers ?? 2),
  };
  const start = (name: ServiceProcess['name'], serviceEnv: Record<string, string>) =>
    startService(name, { env: serviceEnv, readyTimeoutMs: options.readyTimeoutMs });

  const started: ServiceProcess[] = [];
  const track = async (promise: Promise<ServiceProcess>) => {
    const service = await promise;
    started.push(service);
    return service;
  };
  try {
    // The first ingest creates the stream; then everything else at once.
    const firstIngest = await track(start('ingest', ingestEnvs[0] ?? env));
    const [otherIngests, validators, query] = await Promise.all([
      Promise.all(ingestEnvs.slice(1).map((ingestEnv) => track(start('ingest', ingestEnv)))),
      Promise.all(validatorEnvs.map((validatorEnv) => track(start('validator', validatorEnv)))),
      track(start('query', queryEnv)),
    ]);
    const gateway = await track(start('gateway', gatewayEnv));
    const stack: ClusterStack = {
      gatewayUrl: `http://127.0.0.1:${gatewayEnv.EYE_HTTP_PORT}`,
      mongoUrl,
      env: Object.freeze({ ...env }),
      gateway,
      ingests: [firstIngest, ...otherIngests],
      validators,
      query,
      gatewayWorkerPids: () => descendantsOf(stack.gateway.pid).map((entry) => entry.pid),
      restart: async (service) => {
        const again = await start(service.name, { ...service.env });
        for (const list of [stack.ingests, stack.validators]) {
          const index = list.indexOf(service);
          if (index >= 0) list[index] = again;
        }
        started.push(again);
        return again;
      },
      stop: async () => {
        await Promise.allSettled(started.filter((service) => service.name === 'gateway').map((service) => service.stop()));
        await Promise.allSettled(started.map((service) => service.stop()));
      },
    };
    return stack;
  } catch (error) {
    await Promise.allSettled(started.map((service) => service.kill()));
    throw error;
  }
}
