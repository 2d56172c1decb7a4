/**
 * The examples in libs/client/README.md run as written against a live stack (only the gateway
 * URL is swapped for the stack's), with a token made by the CLI as the README says.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApplication, startStack, type Stack, type TestApplication } from '@eye/testing';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('the README examples', () => {
  let stack: Stack;
  let app: TestApplication;

  beforeAll(async () => {
    stack = await startStack();
    app = await createTestApplication(stack.mongoUrl, { scopes: ['ingest', 'query'] });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const example = async (index: number) => {
    const code = (examples[index] ?? '').replaceAll('http://127.0.0.1:8000', stack.gatewayUrl);
    return run(process.execPath, ['--input-type=module', '-e', code], {
      cwd: repoRoot,
      env: { ...process.env, EYE_TOKEN: app.token },
      timeout: 30_000,
    });
  };

  it('has a sending and a reading example', () => {
    expect(examples).toHaveLength(2);
  });

  it('sends two events and closes with a summary', async () => {
    const { stdout, stderr } = await example(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ accepted: 2, failed: 0, dropped: 0, failures: [], droppedEventIds: [] });
  });

  it('reads events, errors, a session and validates', async () => {
    const { stdout, stderr } = await example(1);
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('no such session');
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual({
      valid: false,
      issues: [{ path: 'data.host', code: 'required', message: expect.any(String) }],
    });
  });
});
