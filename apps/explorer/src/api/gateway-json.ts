import { EyeNetworkError, EyeRequestError } from '@the-eye/client';

/**
 * GET of one of the explorer's own gateway routes (`/explorer/config.json`, the Jaeger proxy),
 * which are not part of the public API and so not in the client library. Failures are the
 * library's errors, so views describe them the same way.
 */
export async function getJson<T>(path: string, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    throw new EyeNetworkError(`GET ${path}: ${(error as Error).message}`, { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  if (!response.ok) {
    throw new EyeRequestError({ status: response.status, code: body?.error?.code ?? 'unexpected_response', message: body?.error?.message ?? `HTTP ${response.status}` });
  }
  return body as T;
}
