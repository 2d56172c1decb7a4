/**
 * The operator CLI against the harness's live stack (gateway, ingest, validator, query on real NATS
 * and the MongoDB-wire database): send, events, errors, session, tail, types, and errors replay
 * turning invalid events valid after their type is registered. One stack for the file; the tests
 * run in order and build on each other's data.
 */
import { createTestApplication, startStack, uniqueSuffix, type Stack, type TestApplication } from '@eye/testing';
import { MongoClient } from 'mongodb';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastJsonLine, runCli, type CliRun } from './test-support/run-cli';

interface StoredEvent {
  id: string;
  session_id: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  timestamp: string;
}
interface InvalidEvent {
  id: string;
  category?: string;
  name?: string;
  issues: { path: string; code: string }[];
  resolved_at?: string;
}
interface SendSummary {
  accepted: number;
  failed: number;
  dropped: number;
  ids: string[];
  failures: { code: string; event_ids: string[] }[];
}

const suffix = uniqueSuffix();
const session = `cli-session-${suffix}`;
const videoCategory = `video-${suffix}`;
const dir = mkdtempSync(join(tmpdir(), 'eye-cli-'));

function event(name: string, data: Record<string, unknown>, fields: Record<string, unknown> = {}) {
  return { session_id: session, category: videoCategory, name, data, timestamp: '2024-03-01T10:00:00.000001Z', ...fields };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('eye operator commands on a live stack', () => {
  let stack: Stack;
  let app: TestApplication;
  let env: Record<string, string>;
  const eye = (args: string[], stdin?: string): Promise<CliRun> => runCli(args, { env, stdin });
  const json = async <T>(args: string[]): Promise<T> => {
    const run = await eye([...args, '--json']);
    if (run.code !== 0) throw new Error(`eye ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return lastJsonLine<T>(run.stdout);
  };
  const sessionEvents = () => json<StoredEvent[]>(['events', '--session-id', session, '--limit', '1000']);

  beforeAll(async () => {
    stack = await startStack({ env: { EYE_EVENT_TYPES_REFRESH: '300ms' } });
    app = await createTestApplication(stack.mongoUrl);
    env = { EYE_MONGO_URL: stack.mongoUrl, EYE_URL: stack.gatewayUrl, EYE_TOKEN: app.token };
  }, 120_000);
  afterAll(() => stack?.stop());

  it('types lists the built-in types with their JSON Schemas', async () => {
    const table = await eye(['types']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^CATEGORY\s+NAME\s+SOURCE/);
    expect(table.stdout).toMatch(/page interaction\s+cta click\s+built-in\s+host, path, element/);
    const types = await json<{ category: string; name: string; source: string; data_schema: { required: string[] } }[]>(['types']);
    expect(types.map((type) => `${type.category}/${type.name}/${type.source}`)).toEqual([
      'page interaction/pageview/built-in',
      'page interaction/cta click/built-in',
      'form interaction/submit/built-in',
    ]);
    expect(types[0]?.data_schema.required).toEqual(['host', 'path']);
  });

  let sent: SendSummary;

  it('send reads NDJSON from stdin, sends through the client and prints accepted/failed', async () => {
    const lines = [
      { session_id: session, category: 'page interaction', name: 'pageview', data: { host: 'www.example.com', path: '/' }, timestamp: '2024-03-01 09:00:00' },
      { session_id: session, category: 'page interaction', name: 'cta click', data: { host: 'www.example.com', path: '/', element: 'buy' }, timestamp: '2024-03-01T09:30:00Z' },
      event('play', { video_id: 'v-1' }, { event_id: `play-1-${suffix}` }),
      event('play', { video_id: 'v-2', position_s: 12.5 }, { timestamp: '2024-03-01T10:05:00Z' }),
      event('play', { video_id: '' }),
    ];
    const run = await eye(['send', '--json'], `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    sent = lastJsonLine<SendSummary>(run.stdout);
    expect(sent).toMatchObject({ accepted: 5, failed: 0, dropped: 0, failures: [] });
    expect(sent.ids).toHaveLength(5);
    expect(sent.ids[2]).toBe(`play-1-${suffix}`);

    const text = await eye(['send', '-'], '[]');
    expect(text).toMatchObject({ code: 0, stdout: 'sent 0 events: 0 accepted, 0 failed\n' });
  });

  it('events, errors and session show what the pipeline stored, as tables or JSON', async () => {
    const errors = await eventually(
      () => json<InvalidEvent[]>(['errors', '--category', videoCategory, '--code', 'unknown_event_type']),
      (items) => items.length === 3,
    );
    expect(errors.map((error) => error.id).sort()).toEqual(sent.ids.slice(2).sort());
    const events = await eventually(sessionEvents, (items) => items.length === 2);
    expect(events.map((item) => item.name)).toEqual(['pageview', 'cta click']);
    expect(events[0]?.timestamp).toBe('2024-03-01T09:00:00.000000Z');

    const table = await eye(['events', '--session-id', session, '--order', 'desc']);
    const [heading, first] = table.stdout.split('\n');
    expect(heading).toMatch(/^TIMESTAMP\s+ID\s+APPLICATION\s+SESSION\s+CATEGORY\s+NAME\s+DATA$/);
    expect(first).toContain('cta click');
    const limited = await json<StoredEvent[]>(['events', '--session-id', session, '--limit', '1']);
    expect(limited.map((item) => item.name)).toEqual(['pageview']);

    const errorTable = await eye(['errors', '--category', videoCategory]);
    expect(errorTable.stdout).toMatch(/^RECEIVED\s+ID\s+APPLICATION\s+TYPE\s+CODES\s+FIRST ISSUE/);
    expect(errorTable.stdout).toContain(`${videoCategory} / play`);
    expect(errorTable.stdout).toContain('unknown_event_type');

    const summary = await eye(['session', session]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^session:\s+cli-session/m);
    expect(summary.stdout).toMatch(/^events:\s+2$/m);
    const unknown = await eye(['session', `nobody-${suffix}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no valid events/);

    const bad = await eye(['events', '--from', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid_query/);
  });

  it('types add registers a type; errors replay stores the now-valid events once; a second replay moves nothing', async () => {
    const schemaFile = join(dir, 'video-play.json');
    writeFileSync(
      schemaFile,
      JSON.stringify({ type: 'object', properties: { video_id: { type: 'string', minLength: 1 }, position_s: { type: 'number', minimum: 0 } }, required: ['video_id'] }),
    );
    const added = await eye(['types', 'add', videoCategory, 'play', '--schema', schemaFile, '--description', 'A video started playing.']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/registered/);
    const types = await json<{ category: string; source: string; data_schema: { additionalProperties: boolean } }[]>(['types']);
    expect(types.find((type) => type.category === videoCategory)).toMatchObject({ source: 'registered', data_schema: { additionalProperties: false } });

    const replay = await json<Record<string, number>>(['errors', 'replay', '--category', videoCategory]);
    expect(replay).toEqual({ examined: 3, resolved: 2, still_invalid: 1, issues_changed: 1 });

    const events = await sessionEvents();
    expect(events.map((item) => item.id)).toEqual([sent.ids[0], sent.ids[1], sent.ids[2], sent.ids[3]]);
    expect(events[3]?.data).toEqual({ video_id: 'v-2', position_s: 12.5 });
    const summary = await json<{ session: { event_count: number; categories: string[] } }>(['session', session]);
    expect(summary.session).toMatchObject({ event_count: 4, categories: ['page interaction', videoCategory].sort() });

    // The records stay, marked resolved: through the gateway and in the store.
    const listed = await json<InvalidEvent[]>(['errors', '--category', videoCategory]);
    expect(listed.filter((error) => error.resolved_at !== undefined).map((error) => error.id).sort()).toEqual(sent.ids.slice(2, 4).sort());
    const mongo = await MongoClient.connect(stack.mongoUrl);
    try {
      // One document per event: the resolved ones are valid now and keep their issues and raw text.
      const records = await mongo.db().collection('events').find({ category: videoCategory, rejected: true }).toArray();
      expect(records.filter((record) => record['valid'] === true && record['resolved_at'] instanceof Date).map((record) => record['event_id']).sort()).toEqual(sent.ids.slice(2, 4).sort());
      expect(records.find((record) => record['resolved_at'] === undefined)?.['codes']).toEqual(['invalid_format']);
    } finally {
      await mongo.close();
    }
    const stillInvalid = await json<InvalidEvent[]>(['errors', '--category', videoCategory, '--code', 'invalid_format']);
    expect(stillInvalid.map((error) => error.issues[0]?.path)).toEqual(['data.video_id']);

    const again = await eye(['errors', 'replay']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^0 of \d+ unresolved invalid events are now valid/);
    expect((await json<{ session: { event_count: number } }>(['session', session])).session.event_count).toBe(4);
    expect(await sessionEvents()).toHaveLength(4);
  });

  it('the services pick the new type up without a restart', async () => {
    const validate = (data: Record<string, unknown>) =>
      fetch(`${stack.gatewayUrl}/v1/events/validate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(event('play', data)),
      }).then((response) => response.json() as Promise<{ valid: boolean; issues?: { path: string; code: string }[] }>);
    expect(await eventually(() => validate({ video_id: 'ok' }), (result) => result.valid)).toEqual({ valid: true });
    expect((await validate({ video_id: 'ok', extra: 1 })).issues).toEqual([expect.objectContaining({ path: 'data.extra', code: 'unexpected_field' })]);

    const run = await eye(['send', '--json'], JSON.stringify([event('play', { video_id: 'live' }, { timestamp: '2024-03-01T11:00:00Z' })]));
    expect(lastJsonLine<SendSummary>(run.stdout).accepted).toBe(1);
    const events = await eventually(sessionEvents, (items) => items.length === 5);
    expect(events.at(-1)?.data).toEqual({ video_id: 'live' });
  });

  it('tail follows new events and new invalid events until --max or --for', async () => {
    const marker = `tail-${suffix}`;
    const tailEvents = eye(['tail', '--json', '--session-id', marker, '--max', '1', '--for', '30', '--interval', '0.3']);
    const tailErrors = eye(['tail', 'errors', '--category', marker, '--max', '1', '--for', '30', '--interval', '0.3']);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = new Date().toISOString();
    await eye(
      ['send'],
      [
        { session_id: marker, category: 'page interaction', name: 'pageview', data: { host: 'a.example', path: '/tail' }, timestamp: now },
        { session_id: marker, category: marker, name: 'nothing', data: {}, timestamp: now },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const [followedEvents, followedErrors] = await Promise.all([tailEvents, tailErrors]);
    expect(followedEvents.code).toBe(0);
    expect(followedEvents.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as StoredEvent).data)).toEqual([{ host: 'a.example', path: '/tail' }]);
    expect(followedErrors.code).toBe(0);
    expect(followedErrors.stdout).toContain('unknown_event_type');

    const quiet = await eye(['tail', '--session-id', `none-${suffix}`, '--for', '1']);
    expect(quiet).toMatchObject({ code: 0, stdout: '' });
  });

  it('send exits non-zero and names the failure when the gateway refuses; refusals of types and bad input are clear', async () => {
    const reader = await createTestApplication(stack.mongoUrl, { scopes: ['query'] });
    const refused = await runCli(['send', '--json', '--token', reader.token], { env, stdin: JSON.stringify(event('play', { video_id: 'x' })) });
    expect(refused.code).toBe(1);
    expect(lastJsonLine<SendSummary>(refused.stdout)).toMatchObject({ accepted: 0, failed: 1, failures: [{ code: 'forbidden' }] });
    expect(refused.stderr).toMatch(/failed: forbidden/);

    const notJson = await eye(['send'], '{"a":1}\nnot json\n');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/line 2 is not JSON/);

    const noToken = await runCli(['events'], { env: { EYE_URL: stack.gatewayUrl } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/token/);

    const schemaFile = join(dir, 'loose.json');
    writeFileSync(schemaFile, JSON.stringify({ type: 'object', additionalProperties: true }));
    const loose = await eye(['types', 'add', 'c', 'n', '--schema', schemaFile]);
    expect(loose.code).toBe(1);
    expect(loose.stderr).toMatch(/additionalProperties/);
    const builtIn = await eye(['types', 'add', 'page interaction', 'pageview', '--schema', schemaFile]);
    expect(builtIn.stderr).toMatch(/built-in/);
    const exists = await eye(['types', 'add', videoCategory, 'play', '--schema', join(dir, 'video-play.json')]);
    expect(exists.stderr).toMatch(/registered already/);

    const removed = await eye(['types', 'remove', videoCategory, 'play']);
    expect(removed.code).toBe(0);
    expect((await json<{ category: string }[]>(['types'])).map((type) => type.category)).not.toContain(videoCategory);
  });
});
