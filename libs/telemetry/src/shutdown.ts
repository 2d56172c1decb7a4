/** One step of an orderly shutdown, run in order: stop taking work, drain, close, flush. */
export interface ShutdownStep {
  name: string;
  run(): Promise<unknown> | unknown;
}

interface ShutdownLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ShutdownOptions {
  logger: ShutdownLogger;
  steps: ShutdownStep[];
  /** Hard limit for the whole shutdown; the process exits with code 1 past it. */
  timeoutMs?: number;
  exit?: (code: number) => void;
}

/**
 * On SIGTERM or SIGINT, runs the steps once, in order (a failing step is logged and the next
 * one still runs), then exits 0. A second signal or the timeout exits at once with code 1.
 */
export function shutdownOnSignals(options: ShutdownOptions): () => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      const timer = setTimeout(() => {
        options.logger.error({ timeout_ms: options.timeoutMs }, 'shutdown timed out');
        exit(1);
      }, options.timeoutMs ?? 30_000);
      timer.unref();
      for (const step of options.steps) {
        try {
          await step.run();
        } catch (error) {
          options.logger.error({ err: error, step: step.name }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      exit(0);
    })();
    return running;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      exit(1);
      return;
    }
    options.logger.info({ signal }, 'shutting down');
    void shutdown();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return shutdown;
}
