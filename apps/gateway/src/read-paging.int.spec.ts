/**
 * Paging and time windows of the read side through real processes, on events seeded straight
 * into MongoDB (so there can be thousands, with exact timestamps and receive times).
 */
import { connectMongo, type MongoLink } from '@eye/store';
import { createTestApplication, startStack, uniqueSuffix, type Stack, type TestApplication } from '@eye/testing';
import { formatMicros } from '@eye/validators';
import { EXAMPLE_US, get, seed, storedEvent, storedInvalidEvent, type HttpAnswer } from './test-support/read-fixtures';

let stack: Stack;
let mongo: MongoLink;
let app: TestApplication;

interface EventJson {
  id: string;
  timestamp: string;
}

const read = (path: string) => get(stack.gatewayUrl, path, app.token);
const body = <T>(answer: HttpAnswer) => {
  if (answer.status !== 200) throw new Error(`answered ${answer.status}: ${answer.text}`);
  return answer.body as T;
};

beforeAll(async () => {
  stack = await startStack();
  mongo = await connectMongo({ url: stack.mongoUrl, appName: 'gateway-paging-test' });
  app = await createTestApplication(stack.mongoUrl, { scopes: ['query'] });
});

afterAll(async () => {
  await mongo?.close();
  await stack?.stop();
});

// 700 events at limit 7: 100 pages, with ties on every timestamp and an arrival after each page.
it('pages through 700 events at limit 7 while new ones arrive, returning each exactly once', async () => {
  const session = `paging-${uniqueSuffix()}`;
  // Three events per timestamp: ties, resolved by the order received.
  const initial = Array.from({ length: 700 }, (_, index) =>
    storedEvent({ application: 'bulk', eventId: `b-${String(index).padStart(4, '0')}`, sessionId: session, tsUs: EXAMPLE_US + Math.floor(index / 3) }),
  );
  await seed(mongo, initial);

  const seen: EventJson[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { events: EventJson[]; next_cursor: string | null } = body(
      await read(`/v1/events?session_id=${session}&limit=7${cursor ? `&cursor=${cursor}` : ''}`),
    );
    expect(page.events.length).toBeLessThanOrEqual(7);
    seen.push(...page.events);
    cursor = page.next_cursor;
    pages += 1;
    // New events keep arriving: before, at and after the paging position.
    await seed(mongo, [storedEvent({ application: 'bulk', eventId: `late-${pages}`, sessionId: session, tsUs: EXAMPLE_US + ((pages * 37) % 250) })]);
  } while (cursor);

  const ids = seen.map((event) => event.id);
  expect(new Set(ids).size).toBe(ids.length);
  const initialIds = new Set(initial.map((event) => event.event_id));
  expect(ids.filter((id) => initialIds.has(id))).toEqual(initial.map((event) => event.event_id));
  for (let index = 1; index < seen.length; index += 1) expect(seen[index].timestamp >= seen[index - 1].timestamp).toBe(true);
  expect(pages).toBeGreaterThanOrEqual(Math.ceil(700 / 7));
}, 300_000);

describe('time windows', () => {
  const session = `window-${uniqueSuffix()}`;
  const received = Date.now() * 1000 - 60_000_000;
  const at = (offset: number) => formatMicros(EXAMPLE_US + offset);
  const receivedAt = (offset: number) => formatMicros(received + offset);

  beforeAll(async () => {
    await seed(
      mongo,
      [0, 1, 2].map((offset) => storedEvent({ application: 'window', eventId: `w${offset}`, sessionId: session, tsUs: EXAMPLE_US + offset, receivedUs: received + offset })),
      [0, 1, 2].map((offset) => storedInvalidEvent('window', `x${offset}`, received + offset)),
    );
  });

  const eventIds = async (query: string) => body<{ events: EventJson[] }>(await read(`/v1/events?session_id=${session}${query}`)).events.map((event) => event.id);
  const errorIds = async (query: string) =>
    body<{ errors: { id: string }[] }>(await read(`/v1/errors?application=window${query}`)).errors.map((event) => event.id);

  it('/v1/events: from is inclusive and to exclusive, to the microsecond', async () => {
    expect(await eventIds(`&from=${at(1)}`)).toEqual(['w1', 'w2']);
    expect(await eventIds(`&to=${at(2)}`)).toEqual(['w0', 'w1']);
    expect(await eventIds(`&from=${at(1)}&to=${at(2)}`)).toEqual(['w1']);
    expect(await eventIds(`&from=${at(1)}&to=${at(1)}`)).toEqual([]);
    expect(await eventIds(`&from=${at(1)}&order=desc`)).toEqual(['w2', 'w1']);
    // The same instant written with an offset ("+" escaped, as a client should).
    expect(await eventIds(`&from=${encodeURIComponent('2021-01-01T10:15:27.243861+01:00')}`)).toEqual(['w1', 'w2']);
  });

  it('/v1/errors: newest first; from and to bound the received time the same way', async () => {
    expect(await errorIds('')).toEqual(['x2', 'x1', 'x0']);
    expect(await errorIds(`&from=${receivedAt(1)}`)).toEqual(['x2', 'x1']);
    expect(await errorIds(`&from=${receivedAt(0)}&to=${receivedAt(2)}`)).toEqual(['x1', 'x0']);
  });

  it('/v1/stats counts what was received in the window', async () => {
    const stats = body<{ from: string; to: string; valid: number; invalid: number }>(await read(`/v1/stats?from=${receivedAt(1)}&to=${receivedAt(2)}`));
    expect(stats).toMatchObject({ from: receivedAt(1), to: receivedAt(2), valid: 1, invalid: 1 });
  });
});
