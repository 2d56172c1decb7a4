import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, infraBinary, repoRoot } from './repo';

describe('repoRoot', () => {
  it('is the folder with nx.json', () => {
    expect(existsSync(join(repoRoot(), 'nx.json'))).toBe(true);
    expect(existsSync(join(repoRoot(), 'libs', 'testing', 'src', 'repo.ts'))).toBe(true);
  });
});

describe('infraBinary', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'eye-repo-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('names the command that builds a missing binary', () => {
    expect(() => infraBinary('nats-server', root)).toThrow(/\.bin\/nats-server is missing: build it with `npm run infra:build`/);
  });

  it('finds a built binary', async () => {
    await mkdir(join(root, '.bin'));
    await writeFile(join(root, '.bin', 'ferretdb'), '#!/bin/sh\n');
    await chmod(join(root, '.bin', 'ferretdb'), 0o755);
    expect(infraBinary('ferretdb', root)).toBe(join(root, '.bin', 'ferretdb'));
  });
});

describe('findOnPath', () => {
  it('finds executables on PATH and nothing else', () => {
    expect(findOnPath('node', process.env['PATH'])).toBeDefined();
    expect(findOnPath('surely-not-a-command-eye', process.env['PATH'])).toBeUndefined();
  });
});
