import { EyeNetworkError, EyeRequestError, type FetchLike } from '@the-eye/client';

/** Reads JSON from one of the explorer's own gateway routes, with the tab's token. */
export type GetJson = <T>(path: string) => Promise<T>;

/**
 * GET of one of the explorer's own gateway routes (`/explorer/config.json`, the Jaeger proxy),
 * which are not part of the public API and so not in the client library. Failures are the
 * library's errors, so views describe them the same way.
 */
export async function getJson<T>(fetch: FetchLike, path: string, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${window.location.origin}${path}`, { method: 'GET', headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    throw new EyeNetworkError(`GET ${path}: ${(error as Error).message}`, { cause: error });
  }
  const text = await response.text();
  let body: { error?: { code?: string; message?: string } } | undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.status < 200 || response.status > 299) {
    throw new EyeRequestError({ status: response.status, code: body?.error?.code ?? 'unexpected_response', message: body?.error?.message ?? `HTTP ${response.status}` });
  }
  return body as T;
}
