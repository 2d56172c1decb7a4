import { telemetry } from './instrument';
import { Authenticator } from '@eye/auth';
import { gatewayEnv, parseEnv, type GatewayConfig } from '@eye/config';
import { createLogger, shutdownOnSignals, startOpsServer, type Logger } from '@eye/telemetry';
import cluster from 'node:cluster';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { AggregatorRegistry } from 'prom-client';
import { createApp } from './app';
import { connectBackends } from './backends';
import { createEventPublisher } from './event-publisher';
import { gatewayMetrics } from './gateway-metrics';
import { gracefulClose } from './graceful-close';
import { ingestPrincipalLookup } from './principal-lookup';
import { localRateLimits, primaryRateLimits, serveRateLimits } from './shared-rate-limits';
import { runWorkerPool } from './worker-pool';

async function main(): Promise<void> {
  const config = parseEnv(gatewayEnv, process.env);
  const logger = createLogger({ service: 'eye-gateway', level: config.EYE_LOG_LEVEL, pretty: config.EYE_LOG_PRETTY });
  if (config.EYE_GATEWAY_WORKERS > 1 && cluster.isPrimary) await runPrimary(config, logger);
  else await runGateway(config, logger);
}

/**
 * With several workers, the primary process: it forks the workers that share the HTTP port and
 * serves the ops port itself, `/metrics` added up over every worker (prom-client's cluster
 * aggregation) and `/readyz` from its own health checks of the gRPC services. It also keeps the
 * applications' rate-limit buckets, so a limit holds for all workers together.
 */
async function runPrimary(config: GatewayConfig, logger: Logger): Promise<void> {
  const aggregator = new AggregatorRegistry();
  const backends = connectBackends(config);
  const ops = await startOpsServer({
    port: config.EYE_METRICS_PORT,
    host: config.EYE_METRICS_HOST,
    registry: { contentType: aggregator.contentType, metrics: () => aggregator.clusterMetrics() },
    readiness: () => backends.ready(),
    logger,
  });
  serveRateLimits();
  logger.info({ workers: config.EYE_GATEWAY_WORKERS, metrics_port: ops.port }, 'gateway primary ready');
  runWorkerPool({ workers: config.EYE_GATEWAY_WORKERS, logger });
}

/** The gateway itself: the whole of it in one process, or one worker of several. */
async function runGateway(config: GatewayConfig, logger: Logger): Promise<void> {
  const metrics = gatewayMetrics();
  if (cluster.isWorker) {
    // A worker answers the primary's requests for its metrics from this registry. (prom-client
    // starts answering when an AggregatorRegistry is made, in a worker as in the primary.)
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([metrics.registry]);
  }
  const backends = connectBackends(config);
  const authenticator = new Authenticator(ingestPrincipalLookup(backends), {
    cacheTtlMs: config.EYE_AUTH_CACHE_TTL,
    onLookup: (result) => metrics.authLookups.inc({ result }),
  });
  const app = createApp({
    backends,
    authenticator,
    publisher: createEventPublisher(backends, metrics, cluster.isWorker ? primaryRateLimits(logger) : localRateLimits()),
    bodyLimitBytes: config.EYE_BODY_LIMIT,
    logger,
    requestMetrics: metrics.requests,
    explorer: {
      // dist/apps/explorer, beside this bundle (dist/apps/gateway/main.js).
      assetsDir: join(__dirname, '..', 'explorer'),
      jaegerUrl: config.EYE_JAEGER_URL,
      jaegerUiUrl: config.EYE_JAEGER_UI_URL ?? config.EYE_JAEGER_URL,
      timeoutMs: config.EYE_RPC_TIMEOUT,
    },
  });

  // Node's defaults (headers 60 s, whole request 300 s, no connection cap) let slow clients hold
  // sockets and memory for minutes; these are the configured bounds.
  const server = createServer(
    {
      headersTimeout: config.EYE_HTTP_HEADERS_TIMEOUT,
      requestTimeout: config.EYE_HTTP_REQUEST_TIMEOUT,
      keepAliveTimeout: config.EYE_HTTP_KEEPALIVE_TIMEOUT,
      // How often those timeouts are checked (Node's default, 30 s, would let them overrun by that much).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(config.EYE_HTTP_HEADERS_TIMEOUT / 4))),
    },
    app,
  );
  server.maxConnections = config.EYE_HTTP_MAX_CONNECTIONS;
  server.listen(config.EYE_HTTP_PORT, config.EYE_HTTP_HOST);
  const closeHttp = gracefulClose(server);
  await once(server, 'listening');

  // One process alone serves its ops port; a worker's metrics go out through the primary's.
  const ops = cluster.isWorker
    ? undefined
    : await startOpsServer({ port: config.EYE_METRICS_PORT, host: config.EYE_METRICS_HOST, registry: metrics.registry, readiness: () => backends.ready(), logger });
  logger.info({ url: `http://${config.EYE_HTTP_HOST}:${config.EYE_HTTP_PORT}`, metrics_port: ops?.port }, 'gateway ready');

  shutdownOnSignals({
    logger,
    steps: [
      // Stop accepting, let in-flight requests finish, close keep-alive connections once idle.
      { name: 'http', run: closeHttp },
      { name: 'grpc clients', run: () => backends.close() },
      { name: 'ops', run: () => ops?.close() },
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ],
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`eye-gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
