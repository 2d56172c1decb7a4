/**
 * The built package (`npx nx run client:build`, a dependency of this project's test target)
 * loads the way users load it: `require` and `import` of `@the-eye/client` from another folder,
 * through the workspace link in node_modules, and its declarations type-check under both.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..', '..');
const packageRoot = join(__dirname, '..');

/** Prints the package's exports and uses the client, in a child `node` at the repository root. */
const probe = (load: string) => `
  ${load}
  // A queued event waits for a 60 s timer, which must not keep this process alive.
  const client = new m.EyeClient({ url: 'http://127.0.0.1:9', token: 't', flushIntervalMs: 60000 });
  const id = client.track({ sessionId: 's', category: 'c', name: 'n', data: {} });
  const error = new m.EyeRequestError({ status: 401, code: 'unauthenticated', message: 'no' });
  console.log(JSON.stringify({
    exports: Object.keys(m).sort(),
    id,
    guard: m.isEyeRequestError(error),
    errorName: error.name,
  }));
`;

async function node(args: string[]): Promise<{ exports: string[]; id: string; guard: boolean; errorName: string }> {
  const { stdout } = await run(process.execPath, args, { cwd: repoRoot, timeout: 15_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '');
}

describe('the built @the-eye/client', () => {
  beforeAll(() => {
    expect(existsSync(join(packageRoot, 'dist', 'cjs', 'index.js'))).toBe(true);
  });

  it('loads with require() and with import(), with the same exports, and never holds the process open', async () => {
    const required = await node(['-e', probe("const m = require('@the-eye/client');")]);
    const imported = await node([
      '--input-type=module',
      '-e',
      probe("const m = await import('@the-eye/client');"),
    ]);
    expect(required.exports).toEqual(expect.arrayContaining(['EyeClient', 'EyeRequestError', 'EyeNetworkError', 'EyeClientClosedError', 'Paged', 'isEyeRequestError']));
    expect(imported.exports).toEqual(required.exports);
    for (const result of [required, imported]) {
      expect(result.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(result.guard).toBe(true);
      expect(result.errorName).toBe('EyeRequestError');
    }
  });

  it('resolves each condition to its own format', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', "console.log(import.meta.resolve('@the-eye/client'))"],
      { cwd: repoRoot },
    );
    expect(stdout.trim()).toMatch(/libs\/client\/dist\/esm\/index\.js$/);
    const required = await run(process.execPath, ['-p', "require.resolve('@the-eye/client')"], { cwd: repoRoot });
    expect(required.stdout.trim()).toMatch(/libs\/client\/dist\/cjs\/index\.js$/);
  });

  it('keeps the process alive while close() retries, and lets it exit once close() resolved', async () => {
    // A port nobody listens on: every attempt is a real ECONNREFUSED.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const script = `
      const { EyeClient } = await import('@the-eye/client');
      const client = new EyeClient({ url: 'http://127.0.0.1:${port}', token: 't', maxRetries: 3, retryBaseMs: 300, retryMaxMs: 300 });
      client.track({ sessionId: 's', category: 'c', name: 'n', data: {} });
      const started = Date.now();
      const summary = await client.close();
      console.log(JSON.stringify({ failed: summary.failed, code: summary.failures[0]?.error.code, ms: Date.now() - started }));
    `;
    // Without the retry timers held during close(), node would exit early with code 13
    // (unsettled top-level await) and execFile would reject.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, timeout: 15_000 });
    const result = JSON.parse(stdout.trim()) as { failed: number; code: string; ms: number };
    expect(result).toMatchObject({ failed: 1, code: 'network_error' });
  });

  it('has declarations that type-check for ES module and CommonJS users', async () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', join(packageRoot, 'package-check', 'tsconfig.json')], {
      cwd: repoRoot,
      timeout: 60_000,
    }).catch((error: { stdout?: string; message: string }) => ({ stdout: error.stdout ?? error.message, failed: true }));
    expect(result).toEqual({ stdout: '', stderr: '' });
  });
});
