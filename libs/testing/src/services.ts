import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process';
import { httpOk } from './ports';
import { waitForReady } from './readiness';
import { HarnessError, repoRoot } from './repo';
import { TEST_ENV } from './urls';

/** The four long-running services of The Eye. */
export type ServiceName = 'gateway' | 'ingest' | 'validator' | 'query';

export interface StartServiceOptions {
  /** Merged over a minimal base environment (PATH, HOME, NODE_ENV=test, ...). */
  env: Record<string, string>;
  /** How long to wait for the readiness endpoint (default 30 s). */
  readyTimeoutMs?: number;
}

/** A running service started by {@link startService}. */
export interface ServiceProcess {
  readonly name: ServiceName;
  readonly pid: number;
  /** The environment it was started with (base merged with the caller's). */
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  readonly running: boolean;
  /** Its last output lines. */
  logs(): string;
  /** Sends `signal`, waits for the exit (SIGKILL after 10 s) and returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL, and waits for the exit. */
  kill(): Promise<number | null>;
}

let logDir: string | undefined;
let started = 0;

/**
 * Where service logs go: a folder of this test process inside the jest run's folder (removed by
 * the global teardown unless EYE_TEST_KEEP_LOGS=true), or, without the global setup, a temporary
 * folder removed when this process exits.
 */
function serviceLogDir(): string {
  if (!logDir) {
    const runDir = process.env[TEST_ENV.runDir];
    if (runDir && existsSync(runDir)) {
      logDir = mkdtempSync(join(runDir, `worker-${process.pid}-`));
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'eye-service-logs-'));
      logDir = dir;
      if (process.env['EYE_TEST_KEEP_LOGS'] !== 'true') {
        process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      }
    }
  }
  return logDir;
}

/** The environment a service gets: a minimal base, then the caller's variables. */
export function serviceEnv(env: Record<string, string>, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const merged: Record<string, string> = {
    PATH: base['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: base['HOME'] ?? tmpdir(),
    NODE_ENV: 'test',
    EYE_LOG_LEVEL: 'warn',
    // JetStream reserves a file stream's whole max_bytes on disk up front: the production default
    // (10 GiB) would exhaust the harness server after a few test streams.
    EYE_STREAM_MAX_BYTES: '64mb',
    // One gateway process, as before node:cluster workers: tests that want workers ask for them.
    EYE_GATEWAY_WORKERS: '1',
  };
  if (!Object.keys(env).some((key) => key.startsWith('OTEL_'))) merged['OTEL_SDK_DISABLED'] = 'true';
  return { ...merged, ...env };
}

/** Where a service says it is ready: the gateway's /healthz, the others' ops /readyz. */
export function readinessUrl(name: ServiceName, env: Record<string, string>): string {
  const variable = name === 'gateway' ? 'EYE_HTTP_PORT' : 'EYE_METRICS_PORT';
  const port = env[variable];
  if (!port || !/^\d+$/.test(port) || port === '0') {
    throw new HarnessError(`startService('${name}') needs env.${variable} (a free port, see freePort())`);
  }
  return name === 'gateway' ? `http://127.0.0.1:${port}/healthz` : `http://127.0.0.1:${port}/readyz`;
}

/**
 * Starts `node --enable-source-maps dist/apps/<name>/main.js` and waits until it is ready.
 * Its output goes to a log file; the error on a failed start includes the last lines.
 */
export async function startService(name: ServiceName, options: StartServiceOptions): Promise<ServiceProcess> {
  const root = repoRoot();
  const main = join(root, 'dist', 'apps', name, 'main.js');
  if (!existsSync(main)) throw new HarnessError(`${main} is missing: run: npx nx build ${name}`);
  // The gateway's ops port defaults to 9100: unless the caller chose one, any free port.
  const env = serviceEnv(name === 'gateway' ? { EYE_METRICS_PORT: '0', ...options.env } : options.env);
  const url = readinessUrl(name, env);

  started += 1;
  const child = ManagedProcess.spawn({
    name,
    command: process.execPath,
    args: ['--enable-source-maps', main],
    env,
    cwd: root,
    logFile: join(serviceLogDir(), `${name}-${started}.log`),
  });
  // The global teardown kills services a test left running, even if its worker died.
  const pidFile = `${child.logFile.replace(/\.log$/, '')}.pid`;
  writeFileSync(pidFile, String(child.pid));
  void child.exited.then(() => rmSync(pidFile, { force: true }));
  try {
    await waitForReady(child, {
      what: `${name} (${url})`,
      check: () => httpOk(url, 1_000),
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      intervalMs: 150,
    });
  } catch (error) {
    await child.kill();
    throw error;
  }

  return {
    name,
    pid: child.pid,
    env: Object.freeze({ ...env }),
    logFile: child.logFile,
    get running() {
      return child.running;
    },
    logs: () => child.logs(),
    stop: async (signal = 'SIGTERM') => (await child.stop(signal)).code,
    kill: async () => (await child.kill()).code,
  };
}
