import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** Thrown when the harness cannot start or reach a piece of test infrastructure. */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

let cachedRoot: string | undefined;

/** The repository root: the nearest folder above this file that holds `nx.json`. */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new HarnessError(`no nx.json above ${__dirname}: cannot find the repository root`);
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

/** The path of an infrastructure binary built by `npm run infra:build`; fails naming that command. */
export function infraBinary(name: 'nats-server' | 'ferretdb' | 'jaeger' | 'grpcurl', root = repoRoot()): string {
  const path = join(root, '.bin', name);
  if (!isExecutable(path)) {
    throw new HarnessError(
      `${path} is missing: build it with \`npm run infra:build\` ` +
        `(or \`bash tools/infra/build.sh --only ${name}\`)`,
    );
  }
  return path;
}

/** The first executable called `command` on PATH, if any. */
export function findOnPath(command: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
