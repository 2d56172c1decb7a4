import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process';
import { waitForReady } from './readiness';

/** What a {@link RestartableServer} runs and how it knows the server is ready. */
export interface ServerSpec {
  /** e.g. `nats-server`; also names the log file. */
  name: string;
  command: string;
  args: readonly string[];
  /** Human description for errors, e.g. `nats-server on 127.0.0.1:4222`. */
  describe: string;
  ready: () => Promise<boolean>;
  readyTimeoutMs: number;
  /** A folder this server owns: its log file lives here; it is removed by `destroy()`. */
  workDir: string;
}

/**
 * One server process that can be stopped and started again with the same arguments, so the
 * same port and the same data directory: what fault tests need ("the broker went away").
 */
export class RestartableServer {
  private process: ManagedProcess | undefined;

  constructor(private readonly spec: ServerSpec) {}

  get running(): boolean {
    return this.process?.running ?? false;
  }

  get pid(): number | undefined {
    return this.running ? this.process?.pid : undefined;
  }

  get logFile(): string {
    return join(this.spec.workDir, `${this.spec.name}.log`);
  }

  /** The last lines the server printed (across restarts). */
  logs(): string {
    return this.process?.logs() ?? '';
  }

  /** Starts the server (no-op while it runs) and waits until it is ready. */
  async start(): Promise<void> {
    if (this.running) return;
    const process = ManagedProcess.spawn({
      name: this.spec.name,
      command: this.spec.command,
      args: this.spec.args,
      env: { PATH: globalThis.process.env['PATH'] ?? '/usr/bin:/bin', HOME: this.spec.workDir },
      cwd: this.spec.workDir,
      logFile: this.logFile,
    });
    this.process = process;
    try {
      await waitForReady(process, {
        what: this.spec.describe,
        check: this.spec.ready,
        timeoutMs: this.spec.readyTimeoutMs,
      });
    } catch (error) {
      await process.kill();
      throw error;
    }
  }

  /**
   * Stops the server. SIGTERM lets it shut down cleanly; SIGKILL simulates a crash.
   * Either way it is SIGKILLed if still running after 10 s.
   */
  async stop(options: { signal?: NodeJS.Signals } = {}): Promise<void> {
    await this.process?.stop(options.signal ?? 'SIGTERM');
  }

  /** Stops the server and removes its work folder (data included when it lives there). */
  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.spec.workDir, { recursive: true, force: true });
  }
}
