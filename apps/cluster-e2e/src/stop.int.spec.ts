/**
 * Stop means stop: `npm start` and `npm run start:cluster` are run as a person or a supervisor
 * runs them (the npm process in a process group of its own), and a signal to the npm process, to
 * the script under it, or to the whole group ends every process either command started (the
 * services, the gateway's workers, nats-server, FerretDB) within the shutdown deadline. Each run
 * gets free ports, a data folder of its own, FerretDB on SQLite and no Jaeger.
 */
import { canConnect, createTestApplication, descendantsOf, freePort, isAlive, listProcesses, repoRoot, uniqueSuffix } from '@eye/testing';
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Target = 'npm' | 'script' | 'group';

interface Case {
  command: 'start' | 'start:cluster';
  signal: NodeJS.Signals;
  target: Target;
  /** FerretDB on PostgreSQL when the local server answers (a database of this run's own), else on SQLite. */
  postgres?: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it is true; fails with the command's output after `timeoutMs`, or at once when it throws. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, log: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}; output:\n${readFileSync(log, 'utf8').slice(-4000)}`);
    await sleep(200);
  }
}

/** Whether the gateway answers /readyz with 200 (false when nothing answers). */
async function readyz(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Free ports for everything a command listens on, as its environment. */
async function portsEnv(command: Case['command']): Promise<{ env: Record<string, string>; httpPort: number }> {
  const [http, mongo, nats, ingest, query, ingestOps, validatorOps, queryOps] = await Promise.all(Array.from({ length: 8 }, () => freePort()));
  const env: Record<string, string> = {
    EYE_HTTP_PORT: String(http),
    EYE_MONGO_URL: `mongodb://127.0.0.1:${mongo}/eye_stop_${uniqueSuffix(3)}`,
  };
  if (command === 'start') {
    Object.assign(env, {
      EYE_NATS_URL: `nats://127.0.0.1:${nats}`,
      EYE_INGEST_ADDR: `127.0.0.1:${ingest}`,
      EYE_QUERY_ADDR: `127.0.0.1:${query}`,
      EYE_INGEST_METRICS_PORT: String(ingestOps),
      EYE_VALIDATOR_METRICS_PORT: String(validatorOps),
      EYE_QUERY_METRICS_PORT: String(queryOps),
    });
  } else {
    // 46 ports from the base must be free: pick a random base in a quiet range until they are.
    env['EYE_CLUSTER_PORT_BASE'] = String(await freeRange(46));
  }
  return { env, httpPort: http };
}

/** Drops the PostgreSQL database a run created (FerretDB's data), once FerretDB is gone. */
async function dropDatabase(name: string): Promise<void> {
  await new Promise<void>((resolve) =>
    execFile('psql', ['postgres://postgres@127.0.0.1:5432/postgres', '-qc', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], () => resolve()),
  );
}

/**
 * A base below Linux's ephemeral ports (32768 and up): there any outgoing connection of another
 * test can take a port between this check and nats-server's bind (seen: "address already in use").
 */
async function freeRange(size: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * (32_768 - size - 20_000));
    const taken = await Promise.all(Array.from({ length: size }, (_, offset) => canConnect(base + offset, '127.0.0.1', 200)));
    if (!taken.some(Boolean)) return base;
  }
}

describe.each<Case>([
  { command: 'start', signal: 'SIGTERM', target: 'npm' },
  { command: 'start', signal: 'SIGINT', target: 'group', postgres: true },
  { command: 'start:cluster', signal: 'SIGTERM', target: 'script' },
  { command: 'start:cluster', signal: 'SIGTERM', target: 'npm' },
])('npm run $command, then $signal to the $target', ({ command, signal, target, postgres }) => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'eye-stop-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops every process the command started', async () => {
    const { env, httpPort } = await portsEnv(command);
    const pgDatabase = `eye_stop_${uniqueSuffix(4)}`;
    const pgReachable = postgres === true && (await canConnect(5432));
    const log = join(dataDir, 'output.log');
    const out = openSync(log, 'a');
    const npm = spawn('npm', ['run', command, '--', '--no-build'], {
      cwd: repoRoot(),
      // Its own process group, as a shell gives a foreground job; no terminal.
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        ...env,
        EYE_DEV_DATA_DIR: dataDir,
        EYE_DEV_JAEGER: 'false',
        ...(postgres
          ? { EYE_FERRETDB_HANDLER: 'auto', EYE_FERRETDB_POSTGRESQL_URL: `postgres://postgres@127.0.0.1:5432/${pgDatabase}` }
          : { EYE_FERRETDB_HANDLER: 'sqlite' }),
        EYE_GATEWAY_WORKERS: '2',
        EYE_LOG_LEVEL: 'warn',
      },
    });
    closeSync(out);
    const npmPid = npm.pid as number;
    try {
      let exited = false;
      npm.once('exit', () => (exited = true));
      await waitFor(
        'the gateway to be ready',
        () => {
          if (exited) throw new Error(`npm run ${command} exited before the gateway was ready; output:\n${readFileSync(log, 'utf8').slice(-4000)}`);
          return readyz(httpPort);
        },
        120_000,
        log,
      );

      const started = descendantsOf(npmPid);
      const script = started.find((entry) => /tools\/dev\/start(-cluster)?\.sh/.test(entry.command) && !entry.command.startsWith('sh '));
      const commandLines = started.map((entry) => entry.command).join('\n');
      // What it started: the services (the gateway with its two workers), NATS and FerretDB.
      expect(commandLines).toMatch(/dist\/apps\/gateway\/main\.js/);
      expect(commandLines).toMatch(/dist\/apps\/validator\/main\.js/);
      expect(commandLines).toMatch(/\.bin\/nats-server/);
      expect(commandLines).toMatch(/\.bin\/ferretdb/);
      expect(started.filter((entry) => entry.command.includes('.bin/nats-server'))).toHaveLength(command === 'start' ? 1 : 3);
      const gateway = started.find((entry) => entry.command.includes('dist/apps/gateway/main.js') && !started.some((p) => p.pid === entry.ppid && p.command.includes('gateway')));
      // The database it chose, said at start: PostgreSQL when it answers, else SQLite.
      const ferretdb = started.find((entry) => entry.command.includes('.bin/ferretdb'))?.command ?? '';
      if (pgReachable) {
        expect(readFileSync(log, 'utf8')).toContain(`database: FerretDB on PostgreSQL (postgres://postgres@127.0.0.1:5432/${pgDatabase})`);
        expect(ferretdb).toContain('--handler=postgresql');
      } else {
        expect(readFileSync(log, 'utf8')).toMatch(/database: FerretDB on SQLite \(/);
        expect(ferretdb).toContain('--handler=sqlite');
      }
      const workers = descendantsOf(gateway?.pid ?? -1, started).filter((entry) => entry.command.includes('dist/apps/gateway/main.js'));
      expect(workers).toHaveLength(2);

      if (command === 'start:cluster') {
        // It serves: an application made with the CLI reads its stats through the gateway.
        const app = await createTestApplication(`${env['EYE_MONGO_URL']}?retryWrites=false`, { scopes: ['query'] });
        const stats = await fetch(`http://127.0.0.1:${httpPort}/v1/stats`, { headers: { authorization: `Bearer ${app.token}` } });
        expect(stats.status).toBe(200);
        expect(await stats.json()).toMatchObject({ valid: 0, invalid: 0, by_type: [] });
      }

      const pid = target === 'npm' ? npmPid : target === 'script' ? (script?.pid ?? -1) : -npmPid;
      process.kill(pid, signal);
      await waitFor(
        'every process it started to end',
        () => started.every((entry) => !isAlive(entry.pid)) && !isAlive(npmPid),
        60_000,
        log,
      );
      expect(readFileSync(log, 'utf8')).toContain('stopped.');
      // Nothing of it is left listening.
      expect(await canConnect(httpPort)).toBe(false);
    } finally {
      if (pgReachable) await dropDatabase(pgDatabase);
      // Whatever the outcome, leave nothing behind.
      for (const entry of [...descendantsOf(npmPid), ...listProcesses().filter((p) => p.command.includes(dataDir))]) {
        try {
          process.kill(entry.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });
});
