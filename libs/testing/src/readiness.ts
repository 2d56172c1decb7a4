import { describeExit, withLogs, type ManagedProcess } from './managed-process';
import { sleep } from './ports';
import { HarnessError } from './repo';

export interface WaitForReadyOptions {
  /** What is being waited for, e.g. `nats-server on 127.0.0.1:4222`. */
  what: string;
  /** Resolves true once ready; called repeatedly. */
  check: () => Promise<boolean>;
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Polls `check` until it passes. Fails at once, with the process's last log lines, when the
 * process exits first, and with the same lines when `timeoutMs` passes.
 */
export async function waitForReady(process: ManagedProcess, options: WaitForReadyOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  for (;;) {
    const exit = process.exitStatus;
    if (exit) {
      throw new HarnessError(withLogs(`${options.what} ${describeExit(exit)} before it was ready`, process));
    }
    if (await options.check()) return;
    if (Date.now() >= deadline) {
      throw new HarnessError(
        withLogs(`${options.what} was not ready after ${options.timeoutMs / 1000} s`, process),
      );
    }
    await sleep(interval);
  }
}
