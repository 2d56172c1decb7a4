/**
 * Jest global teardown: stops what the global setup started, removes its temporary folders and
 * puts back the environment variables it set.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { takeInfrastructure } from './state';

/** SIGKILLs services that tests started and did not stop (their pid files are still there). */
async function killLeftoverServices(runDir: string): Promise<void> {
  const entries = await readdir(runDir, { recursive: true }).catch(() => [] as string[]);
  for (const entry of entries.filter((e) => e.endsWith('.pid'))) {
    const pid = Number(await readFile(join(runDir, entry), 'utf8').catch(() => ''));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    // Only if that pid still is one of our services (pids get reused).
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes('dist/apps/')) continue;
    try {
      process.kill(pid, 'SIGKILL');
      process.stderr.write(`killed ${entry.replace(/\.pid$/, '')} (pid ${pid}): a test left it running\n`);
    } catch {
      // already gone
    }
  }
}

export default async function globalTeardown(): Promise<void> {
  const state = takeInfrastructure();
  if (!state) return;
  if (state.runDir) await killLeftoverServices(state.runDir);
  await Promise.allSettled([state.nats?.destroy(), state.mongo?.destroy()]);
  if (state.runDir) {
    if (process.env['EYE_TEST_KEEP_LOGS'] === 'true') {
      process.stderr.write(`service logs of this run kept in ${state.runDir}\n`);
    } else {
      await rm(state.runDir, { recursive: true, force: true });
    }
  }
  for (const [name, value] of Object.entries(state.savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
