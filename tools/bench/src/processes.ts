import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadResult, LoadSpec } from './load-spec';

/** The bench's own compiled files (dist/tools/bench). */
const here = __dirname;

/** Runs a compiled bench entry point as a child process and returns its last stdout line, parsed. */
export function runChild<T>(entry: string, arg: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', join(here, entry), JSON.stringify(arg)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = stdout.trimEnd().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`${entry} exited with ${code}: ${last}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

/** Drives HTTP load from a separate process (autocannon). */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return runChild<LoadResult>('load-worker.js', spec);
}

/** A long-running child (a baseline server) that prints `ready` when it listens. */
export interface ServerChild {
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts a compiled bench entry point that serves until SIGTERM. */
export function startServerChild(entry: string, args: string[]): Promise<ServerChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, entry), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('ready')) {
        resolve({
          pid: child.pid,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then(() => reject(new Error(`${entry} exited before it was ready`)));
  });
}
