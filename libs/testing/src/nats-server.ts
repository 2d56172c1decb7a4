import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect, freePort, httpOk } from './ports';
import { infraBinary } from './repo';
import { RestartableServer } from './restartable-server';

export interface NatsServerOptions {
  /** Client port; a free one when omitted. */
  port?: number;
  /** Monitoring (HTTP) port; a free one when omitted. */
  monitorPort?: number;
  /** JetStream storage folder; a fresh temporary one when omitted. */
  storeDir?: string;
  /** Start with `jetstream { sync_interval: always }`: fsync every write. */
  syncAlways?: boolean;
  /** Clients must log in with this user and password (`--user`, `--pass`). */
  auth?: { user: string; password: string };
  /** How long to wait for it to accept connections (default 15 s). */
  readyTimeoutMs?: number;
}

/** A harness-owned nats-server with JetStream; stop and start it again on the same port and storage. */
export interface NatsServer {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<monitorPort>` */
  readonly monitorUrl: string;
  readonly port: number;
  readonly monitorPort: number;
  readonly storeDir: string;
  readonly running: boolean;
  readonly pid: number | undefined;
  readonly logFile: string;
  logs(): string;
  /** Starts it again after {@link NatsServer.stop} (same port, same storage); waits until ready. */
  start(): Promise<void>;
  /** SIGTERM by default; `{ signal: 'SIGKILL' }` for a crash. */
  stop(options?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Stops it and removes its temporary folder. */
  destroy(): Promise<void>;
}

/** The nats-server command line the harness runs (exported for tests of the harness itself). */
export function natsServerArgs(options: {
  port: number;
  monitorPort: number;
  storeDir: string;
  configFile?: string;
  auth?: { user: string; password: string };
}): string[] {
  const args = ['-js', '-a', '127.0.0.1', '-p', String(options.port), '-sd', options.storeDir];
  args.push('-m', String(options.monitorPort));
  if (options.auth) args.push('--user', options.auth.user, '--pass', options.auth.password);
  if (options.configFile) args.unshift('-c', options.configFile);
  return args;
}

/**
 * Starts `.bin/nats-server` with JetStream on loopback and waits until it accepts connections and
 * its monitoring endpoint reports JetStream enabled.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const command = infraBinary('nats-server');
  // Free ports can be taken by someone else before nats-server binds them: retry with new ones.
  const attempts = options.port === undefined || options.monitorPort === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const workDir = await mkdtemp(join(tmpdir(), 'eye-nats-'));
    const port = options.port ?? (await freePort());
    const monitorPort = options.monitorPort ?? (await freePort());
    const storeDir = options.storeDir ?? join(workDir, 'jetstream');
    let configFile: string | undefined;
    if (options.syncAlways) {
      configFile = join(workDir, 'nats.conf');
      await writeFile(configFile, 'jetstream {\n  sync_interval: always\n}\n');
    }
    const url = `nats://127.0.0.1:${port}`;
    const monitorUrl = `http://127.0.0.1:${monitorPort}`;
    const server = new RestartableServer({
      name: 'nats-server',
      command,
      args: natsServerArgs({ port, monitorPort, storeDir, configFile, auth: options.auth }),
      describe: `nats-server on 127.0.0.1:${port}`,
      ready: async () => (await canConnect(port)) && (await httpOk(`${monitorUrl}/healthz?js-enabled-only=true`)),
      readyTimeoutMs: options.readyTimeoutMs ?? 15_000,
      workDir,
    });
    try {
      await server.start();
    } catch (error) {
      await server.destroy();
      if (attempt < attempts) continue;
      throw error;
    }
    return {
      url,
      monitorUrl,
      port,
      monitorPort,
      storeDir,
      get running() {
        return server.running;
      },
      get pid() {
        return server.pid;
      },
      logFile: server.logFile,
      logs: () => server.logs(),
      start: () => server.start(),
      stop: (stopOptions) => server.stop(stopOptions),
      destroy: () => server.destroy(),
    };
  }
}
