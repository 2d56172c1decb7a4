import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { HarnessError } from './repo';

/** How a child process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcessOptions {
  /** Shown in errors, e.g. `nats-server` or `validator`. */
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr are appended here. */
  logFile: string;
  /** How many of the last output lines to keep in memory for error messages. */
  tailLines?: number;
}

/** Children still running when this process exits are killed, so a crashed test run leaves none behind. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * A spawned child whose output goes to a log file, whose last lines stay in memory, and that can
 * be stopped gracefully (SIGKILL after a grace period).
 */
export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ProcessExit>;

  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private readonly tailLines: number;
  private exit: ProcessExit | undefined;

  private constructor(options: ManagedProcessOptions) {
    this.name = options.name;
    this.logFile = options.logFile;
    this.tailLines = options.tailLines ?? 200;
    installExitHook();

    const log = createWriteStream(options.logFile, { flags: 'a' });
    // A failing log file must not crash the test run; the tail in memory still has the output.
    log.on('error', (error) => this.remember([`log file error: ${error.message}`]));
    log.write(`--- ${new Date().toISOString()} ${options.command} ${options.args.join(' ')}\n`);
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (this.child.pid === undefined) {
      log.end();
      throw new HarnessError(`could not start ${options.name} (${options.command})`);
    }
    this.pid = this.child.pid;
    live.add(this.child);

    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        this.remember(lines);
      });
      stream?.on('end', () => {
        if (partial) this.remember([partial]);
        partial = '';
      });
    }

    this.exited = new Promise<ProcessExit>((resolve) => {
      const finish = (exit: ProcessExit) => {
        if (this.exit) return;
        this.exit = exit;
        live.delete(this.child);
        log.write(`--- exited code=${exit.code} signal=${exit.signal}\n`);
        resolve(exit);
      };
      // Output can still arrive after 'exit' (the pipes drain later, or a grandchild holds them):
      // the log is closed once the child's stdio has closed, not when it exits.
      this.child.once('close', () => log.end());
      this.child.once('error', (error) => {
        this.remember([`spawn error: ${error.message}`]);
        finish({ code: null, signal: null });
      });
      this.child.once('exit', (code, signal) => finish({ code, signal }));
    });
  }

  /** Spawns `options.command`; throws {@link HarnessError} when it cannot be started at all. */
  static spawn(options: ManagedProcessOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  /** Whether the process has not exited yet. */
  get running(): boolean {
    return this.exit === undefined;
  }

  /** The exit, once it happened. */
  get exitStatus(): ProcessExit | undefined {
    return this.exit;
  }

  /** The last lines it printed (stdout and stderr interleaved). */
  logs(): string {
    return this.tail.join('\n');
  }

  /** Sends `signal`, waits for the exit, and sends SIGKILL if it is still running after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<ProcessExit> {
    if (this.exit) return this.exit;
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([this.exited, forced]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.child.kill('SIGKILL');
      return this.exited;
    }
    return outcome;
  }

  /** SIGKILL: a crash, as far as the process can tell. */
  kill(): Promise<ProcessExit> {
    if (!this.exit) this.child.kill('SIGKILL');
    return this.exited;
  }

  private remember(lines: string[]): void {
    this.tail.push(...lines);
    if (this.tail.length > this.tailLines) this.tail.splice(0, this.tail.length - this.tailLines);
  }
}

/** Describes an exit for error messages. */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** Formats the last log lines of a process for an error message. */
export function withLogs(message: string, process: { logs(): string; logFile: string }): string {
  const lines = process.logs().split('\n').slice(-40).join('\n');
  return `${message}\n--- last lines of ${process.logFile} ---\n${lines}`;
}
