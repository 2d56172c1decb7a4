/**
 * `eye apps create|list|revoke` as an operator runs them (the built CLI, a process per command)
 * against the harness's MongoDB-wire database.
 */
import { testMongoUrl, uniqueSuffix } from '@eye/testing';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const cliMain = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function eye(mongoUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliMain, ...args],
      { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', EYE_MONGO_URL: mongoUrl }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const lastLine = (text: string) => text.trimEnd().split('\n').pop() ?? '';

interface Created {
  id: string;
  name: string;
  scopes: string[];
  token: string;
}

describe('eye apps', () => {
  const mongoUrl = testMongoUrl();

  async function create(name: string, scopes = 'ingest,query'): Promise<Created> {
    const run = await eye(mongoUrl, 'apps', 'create', name, '--scopes', scopes, '--json');
    expect(run.code).toBe(0);
    return JSON.parse(lastLine(run.stdout)) as Created;
  }

  it('create --json prints {id, name, scopes, token} on the last line, the token carrying at least 32 random bytes', async () => {
    const name = `shop-${uniqueSuffix()}`;
    const created = await create(name);
    expect(Object.keys(created).sort()).toEqual(['id', 'name', 'scopes', 'token']);
    expect(created).toMatchObject({ name, scopes: ['ingest', 'query'] });
    expect(created.id).not.toBe('');
    expect(Buffer.from(created.token.replace(/^eye_/, ''), 'base64url').length).toBeGreaterThanOrEqual(32);
    const other = await create(`shop-${uniqueSuffix()}`, 'ingest');
    expect(other.scopes).toEqual(['ingest']);
    expect(other.token).not.toBe(created.token);
  });

  it('create without --json shows the token once, for the operator to copy', async () => {
    const run = await eye(mongoUrl, 'apps', 'create', `human-${uniqueSuffix()}`, '--scopes', 'query');
    expect(run.code).toBe(0);
    const tokens = run.stdout.match(/eye_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(tokens).toHaveLength(1);
  });

  it.each([
    ['an unknown scope', ['--scopes', 'ingest,admin'], /scope/i],
    ['no scopes', ['--scopes', ''], /scope/i],
    ['no --scopes option', [], /--scopes/],
  ])('create refuses %s', async (_what, options, message) => {
    const name = `refused-${uniqueSuffix()}`;
    const run = await eye(mongoUrl, 'apps', 'create', name, ...options);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect((await eye(mongoUrl, 'apps', 'list')).stdout).not.toContain(name);
  });

  it('create refuses a name that is taken or unusable', async () => {
    const name = `unique-${uniqueSuffix()}`;
    await create(name);
    const again = await eye(mongoUrl, 'apps', 'create', name, '--scopes', 'ingest');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);
    const unusable = await eye(mongoUrl, 'apps', 'create', 'has/slash', '--scopes', 'ingest');
    expect(unusable.code).not.toBe(0);
    const list = JSON.parse((await eye(mongoUrl, 'apps', 'list', '--json')).stdout) as { name: string }[];
    expect(list.filter((app) => app.name === name)).toHaveLength(1);
  });

  it('list shows every application with its id and scopes, never a token or its hash', async () => {
    const apps = await Promise.all([create(`listed-${uniqueSuffix()}`), create(`listed-${uniqueSuffix()}`, 'query')]);
    const [text, json] = await Promise.all([eye(mongoUrl, 'apps', 'list'), eye(mongoUrl, 'apps', 'list', '--json')]);
    expect(text.code).toBe(0);
    for (const app of apps) {
      const line = text.stdout.split('\n').find((l) => l.includes(app.name)) ?? '';
      expect(line).toContain(app.id);
      expect(line).toContain(app.scopes.join(','));
      for (const output of [text.stdout, json.stdout]) {
        expect(output).not.toContain(app.token.replace(/^eye_/, ''));
        expect(output).not.toContain(createHash('sha256').update(app.token).digest('hex'));
      }
    }
    const listed = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(listed.find((app) => app['name'] === apps[1].name)).toMatchObject({ id: apps[1].id, scopes: ['query'], revokedAt: null });
  });

  it('revoke works by name or by id, keeps the first revocation time, and refuses an unknown application', async () => {
    const [byName, byId] = await Promise.all([create(`rev-${uniqueSuffix()}`), create(`rev-${uniqueSuffix()}`)]);
    const revokedByName = await eye(mongoUrl, 'apps', 'revoke', byName.name, '--json');
    const revokedById = await eye(mongoUrl, 'apps', 'revoke', byId.id, '--json');
    expect([revokedByName.code, revokedById.code]).toEqual([0, 0]);
    const first = JSON.parse(revokedByName.stdout) as { name: string; revokedAt: string | null };
    expect(first.name).toBe(byName.name);
    expect(first.revokedAt).not.toBeNull();
    expect((JSON.parse(revokedById.stdout) as { name: string }).name).toBe(byId.name);

    const again = await eye(mongoUrl, 'apps', 'revoke', byName.name, '--json');
    expect((JSON.parse(again.stdout) as { revokedAt: string }).revokedAt).toBe(first.revokedAt);
    const list = await eye(mongoUrl, 'apps', 'list');
    expect(list.stdout.split('\n').find((l) => l.includes(byId.name))).toMatch(/revoked/);

    const unknown = await eye(mongoUrl, 'apps', 'revoke', `nobody-${uniqueSuffix()}`);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no application/);
  });

  it('limit sets a rate limit (burst one second of events unless given), shown by list, and --none removes it', async () => {
    const app = await create(`limited-${uniqueSuffix()}`);
    const set = await eye(mongoUrl, 'apps', 'limit', app.name, '--events-per-s', '50', '--burst', '200', '--json');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ name: app.name, rateLimit: { eventsPerSecond: 50, burst: 200 } });
    expect((await eye(mongoUrl, 'apps', 'list')).stdout.split('\n').find((line) => line.includes(app.name))).toContain('limit=50/s burst 200');
    const byId = await eye(mongoUrl, 'apps', 'limit', app.id, '--events-per-s', '2.5', '--json');
    expect(JSON.parse(byId.stdout)).toMatchObject({ rateLimit: { eventsPerSecond: 2.5, burst: 3 } });
    const listed = JSON.parse((await eye(mongoUrl, 'apps', 'list', '--json')).stdout) as { name: string; rateLimit: unknown }[];
    expect(listed.find((each) => each.name === app.name)?.rateLimit).toEqual({ eventsPerSecond: 2.5, burst: 3 });
    expect((await eye(mongoUrl, 'apps', 'limit', app.name, '--none')).stdout).toContain('limit=none');
  });

  it.each([
    ['no rate', []],
    ['a rate of 0', ['--events-per-s', '0']],
    ['a rate that is not a number', ['--events-per-s', 'fast']],
    ['a fractional burst', ['--events-per-s', '5', '--burst', '1.5']],
    ['--none with a rate', ['--none', '--events-per-s', '5']],
  ])('limit refuses %s', async (_what, options) => {
    const app = await create(`badlimit-${uniqueSuffix()}`);
    const run = await eye(mongoUrl, 'apps', 'limit', app.name, ...options);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/events-per-s|burst|none/);
    expect((await eye(mongoUrl, 'apps', 'list')).stdout.split('\n').find((line) => line.includes(app.name))).toContain('limit=none');
  });

  it('limit refuses an unknown application', async () => {
    const run = await eye(mongoUrl, 'apps', 'limit', `nobody-${uniqueSuffix()}`, '--events-per-s', '5');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no application/);
  });
});
