/** The read side of the contract: lists as {@link Paged}, single items as `undefined` on 404. */
import { EyeRequestError, isEyeRequestError } from './errors';
import type { HttpTransport, Sleep } from './http';
import { Paged } from './paged';
import type {
  ErrorFilters,
  EventFilters,
  EventType,
  InvalidEvent,
  Page,
  SessionEventFilters,
  SessionSummary,
  Stats,
  StatsFilters,
  StatsTimeline,
  StoredEvent,
} from './types';

type QueryValue = string | number | Date | undefined;

/** Query parameters as the contract names them; a `Date` as ISO 8601, `undefined` left out. */
export function toQuery(filters: object): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(filters) as [string, QueryValue][]) {
    if (value === undefined) continue;
    query[key] = value instanceof Date ? value.toISOString() : String(value);
  }
  return query;
}

/** Reads The Eye's lists and items; 503s and network errors are retried like writes. */
export class EyeReader {
  constructor(
    private readonly transport: HttpTransport,
    private readonly sleep: Sleep,
  ) {}

  /** `GET /v1/events`: stored events matching every filter, by timestamp (`order`, default asc). */
  events(filters: EventFilters = {}): Paged<StoredEvent> {
    return this.list('/v1/events', 'events', filters);
  }

  /** `GET /v1/sessions/{id}/events`: one session's events in time order (empty if unknown). */
  sessionEvents(sessionId: string, filters: SessionEventFilters = {}): Paged<StoredEvent> {
    return this.list(`/v1/sessions/${encodeURIComponent(sessionId)}/events`, 'events', filters);
  }

  /** `GET /v1/errors`: invalid events, newest first. */
  errors(filters: ErrorFilters = {}): Paged<InvalidEvent> {
    return this.list('/v1/errors', 'errors', filters);
  }

  /** `GET /v1/sessions/{id}`: the session's summary, `undefined` when it has no valid events. */
  session(sessionId: string): Promise<SessionSummary | undefined> {
    return this.item<SessionSummary>(`/v1/sessions/${encodeURIComponent(sessionId)}`);
  }

  /** `GET /v1/events/{id}`: one stored event, `undefined` when there is none. */
  event(eventId: string, options: { application?: string } = {}): Promise<StoredEvent | undefined> {
    return this.item<StoredEvent>(`/v1/events/${encodeURIComponent(eventId)}`, toQuery(options));
  }

  /** `GET /v1/stats`: what The Eye received in the window (default: the last 24 hours). */
  async stats(filters: StatsFilters = {}): Promise<Stats> {
    const { body } = await this.transport.request({ method: 'GET', path: '/v1/stats', query: toQuery(filters) }, this.sleep);
    return body as Stats;
  }

  /** `GET /v1/stats/timeline`: events received per minute in the window (at most 24 hours; default: the last 24 hours). */
  async timeline(filters: StatsFilters = {}): Promise<StatsTimeline> {
    const { body } = await this.transport.request({ method: 'GET', path: '/v1/stats/timeline', query: toQuery(filters) }, this.sleep);
    return body as StatsTimeline;
  }

  /** `GET /v1/event-types`: the built-in and registered event types. */
  async eventTypes(): Promise<EventType[]> {
    const { status, body } = await this.transport.request({ method: 'GET', path: '/v1/event-types' }, this.sleep);
    const types = (body as { event_types?: unknown } | undefined)?.event_types;
    if (!Array.isArray(types)) throw new EyeRequestError({ status, code: 'unexpected_response', message: 'the answer has no "event_types" list' });
    return types as EventType[];
  }

  private list<T>(path: string, key: string, filters: object): Paged<T> {
    const query = toQuery(filters);
    return new Paged<T>(async (cursor) => {
      const { status, body } = await this.transport.request({ method: 'GET', path, query: { ...query, cursor } }, this.sleep);
      return pageOf<T>(status, body, key);
    });
  }

  private async item<T>(path: string, query?: Record<string, string | undefined>): Promise<T | undefined> {
    try {
      return (await this.transport.request({ method: 'GET', path, query }, this.sleep)).body as T;
    } catch (error) {
      if (isEyeRequestError(error) && error.status === 404) return undefined;
      throw error;
    }
  }
}

/** `{"<key>": [...], "next_cursor": ...}` as a {@link Page}. */
function pageOf<T>(status: number, body: unknown, key: string): Page<T> {
  const record = body as Record<string, unknown> | undefined;
  const items = record?.[key];
  const cursor = record?.['next_cursor'];
  if (!Array.isArray(items) || (cursor !== null && cursor !== undefined && typeof cursor !== 'string')) {
    throw new EyeRequestError({ status, code: 'unexpected_response', message: `the answer has no "${key}" list` });
  }
  return { items: items as T[], nextCursor: typeof cursor === 'string' && cursor !== '' ? cursor : null };
}
