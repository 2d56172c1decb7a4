import type { Logger } from '@eye/telemetry';
import cluster, { type Worker } from 'node:cluster';

export interface WorkerPoolOptions {
  /** How many worker processes share the HTTP port. */
  workers: number;
  logger: Logger;
  /** How long the workers get to finish their requests on shutdown before they are killed. */
  stopTimeoutMs?: number;
}

/** A worker that dies sooner than this after starting is restarted after a pause, not at once. */
const QUICK_DEATH_MS = 5_000;
const RESTART_PAUSE_MS = 1_000;

/**
 * The gateway's primary process (node:cluster): forks `workers` gateway processes that share the
 * HTTP port (the primary hands out connections round robin), replaces a worker that dies, and
 * on SIGTERM or SIGINT stops them all (each finishes its requests in flight) before exiting.
 * Workers run the gateway itself; the primary serves nothing.
 */
export function runWorkerPool(options: WorkerPoolOptions): void {
  const { logger } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const startedAt = new Map<Worker, number>();
  let stopping = false;

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) {
        logger.info({}, 'gateway workers stopped');
        process.exit(0);
      }
      return;
    }
    logger.warn({ worker_pid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
    if (lived < QUICK_DEATH_MS) setTimeout(fork, RESTART_PAUSE_MS);
    else fork();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: do not wait any longer.
      for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, workers: startedAt.size }, 'stopping gateway workers');
    if (startedAt.size === 0) process.exit(0);
    for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error({ timeout_ms: stopTimeoutMs }, 'gateway workers did not stop in time; killing them');
      for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, stopTimeoutMs).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  for (let index = 0; index < options.workers; index++) fork();
  logger.info({ workers: options.workers }, 'gateway primary started its workers');
}
