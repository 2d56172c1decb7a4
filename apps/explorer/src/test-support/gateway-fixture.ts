/**
 * The REST answers a component test gives the explorer through the client library's `fetch`
 * option: canned contract responses by path, and a record of every request (path and query),
 * so a test checks both what is shown and what was asked. Shapes are the client's own types.
 */
import type { FetchLike } from '@the-eye/client';

export interface Answer {
  status: number;
  body: unknown;
}

export type Route = (query: URLSearchParams, init: RequestInit) => Answer | Promise<Answer>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: string | undefined;
}

/** A fake gateway: `routes` maps `GET /v1/events`-style keys to answers; others are 404. */
export function fakeGateway(routes: Record<string, Route | Answer>) {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const parsed = new URL(url);
    const method = init.method ?? 'GET';
    const headers = (init.headers ?? {}) as Record<string, string>;
    requests.push({ method, path: parsed.pathname, query: Object.fromEntries(parsed.searchParams), authorization: headers['authorization'], body: init.body as string | undefined });
    const route = routes[`${method} ${parsed.pathname}`];
    const answer = route === undefined ? { status: 404, body: { error: { code: 'not_found', message: `no route ${method} ${parsed.pathname}` } } } : typeof route === 'function' ? await route(parsed.searchParams, init) : route;
    // What the client reads of a Response (jsdom has no fetch API of its own).
    return { status: answer.status, headers: { get: () => null }, text: async () => JSON.stringify(answer.body) } as unknown as Response;
  };
  return { fetch, requests };
}

/** `{"error": {...}}` with a status. */
export function errorAnswer(status: number, code: string, message: string): Answer {
  return { status, body: { error: { code, message } } };
}
