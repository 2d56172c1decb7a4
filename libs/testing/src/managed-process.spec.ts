import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process';
import { sleep } from './ports';
import { waitForReady } from './readiness';

describe('ManagedProcess', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eye-managed-process-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const node = (script: string, logName = 'child.log') =>
    ManagedProcess.spawn({
      name: 'child',
      command: process.execPath,
      args: ['-e', script],
      env: { PATH: process.env['PATH'] ?? '' },
      logFile: join(dir, logName),
    });

  it('keeps the output in a log file and in memory, and stops on SIGTERM', async () => {
    const child = node("console.log('hello'); console.error('oops'); setInterval(() => {}, 1000)");
    await waitForReady(child, {
      what: 'child',
      check: async () => child.logs().includes('oops') && child.logs().includes('hello'),
      timeoutMs: 5_000,
    });
    expect(await child.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(child.running).toBe(false);
    expect(await readFile(child.logFile, 'utf8')).toContain('hello');
  });

  it('sends SIGKILL when SIGTERM is ignored', async () => {
    const child = node("process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)");
    await waitForReady(child, { what: 'child', check: async () => child.logs().includes('up'), timeoutMs: 5_000 });
    expect(await child.stop('SIGTERM', 200)).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('fails the wait at once, with its last lines, when the process exits', async () => {
    const child = node("console.log('cannot bind'); process.exit(3)");
    await expect(
      waitForReady(child, { what: 'child on 127.0.0.1:1', check: async () => false, timeoutMs: 10_000 }),
    ).rejects.toThrow(/child on 127.0.0.1:1 exited with code 3 before it was ready[\s\S]*cannot bind/);
  });

  it('fails the wait after the timeout with the last lines', async () => {
    const child = node("console.log('still starting'); setInterval(() => {}, 1000)");
    await expect(
      waitForReady(child, { what: 'slow child', check: async () => false, timeoutMs: 300 }),
    ).rejects.toThrow(/slow child was not ready after 0.3 s[\s\S]*still starting/);
    await child.kill();
  });

  it('keeps output that arrives after the exit (a grandchild still holds the pipe) without failing', async () => {
    const child = ManagedProcess.spawn({
      name: 'child',
      command: 'sh',
      // The output differs from the command line, which the log file starts with.
      args: ['-c', '(sleep 0.3; echo "late from the grand""child") & echo early; exit 0'],
      env: { PATH: process.env['PATH'] ?? '' },
      logFile: join(dir, 'child.log'),
    });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    // Both the tail in memory and the log file get the late line. The file is opened and written
    // asynchronously: it may not even exist yet when the child has exited.
    const deadline = Date.now() + 5_000;
    let log = '';
    while (Date.now() < deadline) {
      log = await readFile(child.logFile, 'utf8').catch(() => '');
      if (log.includes('late from the grandchild')) break;
      await sleep(50);
    }
    expect(child.logs()).toContain('late from the grandchild');
    expect(log).toContain('early');
    expect(log).toContain('late from the grandchild');
    expect(log).toContain('--- exited code=0 signal=null');
  });
});
