/** One HTTP exchange with The Eye, and the retry loop around it. */
import { EyeNetworkError, EyeRequestError } from './errors';
import { isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retry';

/** The part of `fetch` the client uses; pass your own to add instrumentation or a proxy agent. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Waits `ms`; the client decides whether the timer may keep the process alive. */
export type Sleep = (ms: number) => Promise<void>;

/** What {@link HttpTransport} needs. */
export interface HttpTransportOptions {
  url: string;
  token: string;
  fetch: FetchLike;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  random?: () => number;
}

/** One request to send. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  /** e.g. `/v1/events/batch` */
  path: string;
  query?: Record<string, string | undefined>;
  /** JSON text. */
  body?: string;
  /** The events this request carries, named in its errors. */
  eventIds?: readonly string[];
}

/** A 2xx answer. */
export interface HttpSuccess {
  status: number;
  body: unknown;
}

/** The `{"error": {...}}` of a contract error response. */
interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

/** Builds the named error for a non-2xx answer. */
export function requestErrorFrom(status: number, body: unknown, retryAfterMs: number | undefined, eventIds: readonly string[] = []): EyeRequestError {
  const error = (body as ErrorBody | null)?.error;
  const known = typeof error?.code === 'string';
  return new EyeRequestError({
    status,
    code: known ? (error?.code as string) : 'unexpected_response',
    message: typeof error?.message === 'string' ? error.message : `HTTP ${status}`,
    details: Array.isArray(error?.details) ? error.details : undefined,
    retryAfterMs,
    eventIds,
  });
}

/**
 * Sends requests with the bearer token, and retries network errors and retryable statuses
 * ({@link isRetryableStatus}) with backoff, waiting at least the server's `Retry-After`.
 */
export class HttpTransport {
  private readonly base: string;

  constructor(private readonly options: HttpTransportOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** Sends `request` until it succeeds, fails for good, or runs out of retries. */
  async request(request: HttpRequest, sleep: Sleep): Promise<HttpSuccess> {
    const { retry, random } = this.options;
    for (let attempt = 0; ; attempt++) {
      let failure: EyeNetworkError | EyeRequestError;
      try {
        return await this.attempt(request);
      } catch (error) {
        failure = error as EyeNetworkError | EyeRequestError;
      }
      const retryable = failure instanceof EyeNetworkError || isRetryableStatus(failure.status);
      if (!retryable || attempt >= retry.maxRetries) throw failure;
      const retryAfterMs = failure instanceof EyeRequestError ? failure.retryAfterMs : undefined;
      await sleep(retryDelay(attempt + 1, retry, retryAfterMs, random));
    }
  }

  /** One attempt: the 2xx answer, or an {@link EyeRequestError} / {@link EyeNetworkError}. */
  async attempt(request: HttpRequest): Promise<HttpSuccess> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}`, accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(this.urlOf(request), {
        method: request.method,
        headers,
        body: request.body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new EyeNetworkError(`${request.method} ${request.path}: ${describe(error)}`, { cause: error, eventIds: request.eventIds });
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (response.status >= 200 && response.status < 300) return { status: response.status, body };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw requestErrorFrom(response.status, body, retryAfterMs, request.eventIds);
  }

  private urlOf(request: HttpRequest): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.set(key, value);
    const search = query.toString();
    return `${this.base}${request.path}${search ? `?${search}` : ''}`;
  }
}

/** A readable reason, including undici's `cause` (e.g. `ECONNREFUSED`). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  return detail ? `${error.message} (${detail})` : error.message;
}
