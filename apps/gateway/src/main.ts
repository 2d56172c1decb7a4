import { telemetry } from './instrument';
import { gatewayEnv, parseEnv } from '@eye/config';
import { createLogger, createMetricsRegistry, registerRequestMetrics, shutdownOnSignals } from '@eye/telemetry';
import cluster from 'node:cluster';
import { once } from 'node:events';
import { createApp } from './app';
import { connectBackends } from './backends';
import { gracefulClose } from './graceful-close';
import { runWorkerPool } from './worker-pool';

async function main(): Promise<void> {
  const config = parseEnv(gatewayEnv, process.env);
  const logger = createLogger({ service: 'eye-gateway', level: config.EYE_LOG_LEVEL, pretty: config.EYE_LOG_PRETTY });
  if (config.EYE_GATEWAY_WORKERS > 1 && cluster.isPrimary) {
    runWorkerPool({ workers: config.EYE_GATEWAY_WORKERS, logger });
    return;
  }
  const registry = createMetricsRegistry('eye-gateway');
  const backends = connectBackends(config);
  const app = createApp({ backends, bodyLimitBytes: config.EYE_BODY_LIMIT, logger, registry, requestMetrics: registerRequestMetrics(registry) });

  const server = app.listen(config.EYE_HTTP_PORT, config.EYE_HTTP_HOST);
  const closeHttp = gracefulClose(server);
  await once(server, 'listening');
  logger.info({ url: `http://${config.EYE_HTTP_HOST}:${config.EYE_HTTP_PORT}` }, 'gateway ready');

  shutdownOnSignals({
    logger,
    steps: [
      // Stop accepting, let in-flight requests finish, close keep-alive connections once idle.
      { name: 'http', run: closeHttp },
      { name: 'grpc clients', run: () => backends.close() },
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ],
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`eye-gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
