// Helpers for the read-side contract tests: HTTP GETs and documents seeded straight into MongoDB.
import { COLLECTIONS, eventKey, type EventDocument, type InvalidEventDocument, type MongoLink } from '@eye/store';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** GET with an optional bearer token; the body parsed when it is JSON. */
export async function get(baseUrl: string, path: string, token?: string, method = 'GET'): Promise<HttpAnswer> {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** POST JSON with a bearer token. */
export async function postJson(baseUrl: string, path: string, token: string, body: unknown): Promise<HttpAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** 2021-01-01T09:15:27.243860Z, the contract's example timestamp, in microseconds. */
export const EXAMPLE_US = 1_609_492_527_243_860;

/** Sequence numbers far above what the test stream assigns, so seeded events never collide. */
let seeded = 1_000_000_000;

export interface SeedEvent {
  application: string;
  eventId: string;
  sessionId: string;
  tsUs: number;
  receivedUs?: number;
  category?: string;
  name?: string;
}

/** A valid event document as the validator stores it. */
export function storedEvent(event: SeedEvent): EventDocument {
  seeded += 1;
  const receivedUs = event.receivedUs ?? Date.now() * 1000;
  return {
    _id: eventKey(event.application, event.eventId),
    application: event.application,
    event_id: event.eventId,
    session_id: event.sessionId,
    category: event.category ?? 'page interaction',
    name: event.name ?? 'pageview',
    data: { host: 'www.consumeraffairs.com', path: `/${event.eventId}` },
    ts_us: event.tsUs,
    timestamp: new Date(Math.floor(event.tsUs / 1000)),
    received_at: new Date(Math.floor(receivedUs / 1000)),
    received_us: receivedUs,
    seq: seeded,
    valid: true,
  };
}

/** An invalid event document as the validator stores it. */
export function storedInvalidEvent(application: string, eventId: string, receivedUs: number): InvalidEventDocument {
  seeded += 1;
  return {
    _id: eventKey(application, eventId),
    application,
    event_id: eventId,
    received_at: new Date(Math.floor(receivedUs / 1000)),
    received_us: receivedUs,
    seq: seeded,
    category: 'seeded',
    name: 'invalid',
    valid: false,
    rejected: true,
    issues: [{ path: 'data', code: 'required', message: 'data is required' }],
    codes: ['required'],
    raw_json: JSON.stringify({ event_id: eventId, category: 'seeded', name: 'invalid' }),
  };
}

/** Inserts documents directly, in chunks (bypassing the pipeline, for volume and exact times). */
export async function seed(mongo: MongoLink, events: EventDocument[], invalid: InvalidEventDocument[] = []): Promise<void> {
  const all = [...events, ...invalid];
  for (let start = 0; start < all.length; start += 500) {
    await mongo.db.collection<EventDocument | InvalidEventDocument>(COLLECTIONS.events).insertMany(all.slice(start, start + 500));
  }
}
