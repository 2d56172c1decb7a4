// Helpers of the hardening suites (apps/gateway/src/hardening): raw HTTP, paging through the
// contract's reads, metrics scrapes.
import { connect, type Socket } from 'node:net';
import { parsePrometheusText, sampleValue } from './prometheus-text';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed, when it is JSON. */
  json: unknown;
}

export interface RequestOptions {
  method?: string;
  token?: string;
  /** Sent as is; an object is sent as JSON. */
  body?: string | Buffer | object;
  /** Default `application/json` when there is a body; `null` sends none. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** One HTTP request; never throws for an HTTP status. */
export async function request(baseUrl: string, path: string, options: RequestOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | Buffer | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
    const type = options.contentType === undefined ? 'application/json' : options.contentType;
    if (type !== null) headers['content-type'] = type;
  }
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The `error.code` and `error.message` of an error answer. */
export function errorOf(answer: Answer): { code?: string; message?: string } {
  return (answer.json as { error?: { code?: string; message?: string } } | undefined)?.error ?? {};
}

/** Every item of a list endpoint, following `next_cursor` to the end. */
export async function pageAll<T>(baseUrl: string, path: string, token: string, key: 'events' | 'errors'): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await request(baseUrl, `${path}${separator}limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { token });
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text}`);
    const page = answer.json as Record<string, unknown> & { next_cursor: string | null };
    items.push(...(page[key] as T[]));
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** One sample sum from a `/metrics` endpoint (0 when the series has no sample yet). */
export async function metric(opsUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${opsUrl}/metrics`);
  return sampleValue(parsePrometheusText(await response.text()), name, labels);
}

/** A valid pageview; `overrides` replace or add top-level fields. */
export function pageview(sessionId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: sessionId,
    category: 'page interaction',
    name: 'pageview',
    data: { host: 'www.example.com', path: '/' },
    timestamp: '2021-01-01T09:15:27.243860Z',
    ...overrides,
  };
}

/** A raw TCP connection to `host:port` of an http URL, connected. */
export function rawConnection(baseUrl: string): Promise<Socket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** What a raw connection received until the server closed it (or `timeoutMs` passed), and whether it closed. */
export function readUntilClosed(socket: Socket, timeoutMs: number): Promise<{ text: string; closed: boolean; afterMs: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let text = '';
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      resolve({ text, closed, afterMs: Date.now() - started });
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.once('close', () => done(true));
    socket.once('error', () => undefined);
  });
}

/** What a raw connection received once `done` says so; rejects after `timeoutMs`. */
export function readUntil(socket: Socket, done: (text: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`nothing conclusive within ${timeoutMs} ms; received: ${text.slice(0, 300)}`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (done(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items` with at most `concurrency` at once; resolves with the results in order. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After a failure no worker takes more work, so nothing runs on behind the rejection.
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The value at quantile `q` (0..1) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}
