import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI (`npx nx build cli`), run as an operator runs it. */
export const CLI_MAIN = join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'cli', 'main.js');

/** What one CLI process did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to run it: its environment (nothing else is inherited but PATH) and its stdin. */
export interface CliRunOptions {
  env: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

/** Runs `node dist/apps/cli/main.js ...args` to the end. */
export function runCli(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** The last non-empty line of `text`, parsed as JSON. */
export function lastJsonLine<T>(text: string): T {
  return JSON.parse(text.trimEnd().split('\n').pop() ?? '') as T;
}
