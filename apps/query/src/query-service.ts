import type { Principal } from '@eye/auth';
import { ServiceError } from '@eye/rpc';
import type {
  EventDocument,
  EventListQuery,
  EventReader,
  InvalidEventListQuery,
  InvalidEventReader,
  Page,
  ReceivedStats,
  RegisteredEventTypes,
  RejectedEventDocument,
  SessionReader,
  SessionSummary,
  StatsReader,
  TimelineBucket,
} from '@eye/store';
import { dataJsonSchema, isBuiltInEventType } from '@eye/validators';
import type { OptionalWindow } from './from-wire';

/** The stats window when the caller gives no `from`: the 24 hours before `to`. */
export const DEFAULT_STATS_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The timeline's interval: events per minute. */
export const TIMELINE_INTERVAL_MS = 60_000;

/** The longest timeline window: 24 hours, 1,440 intervals. */
export const MAX_TIMELINE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The readers the service answers from. */
export interface QueryReaders {
  events: Pick<EventReader, 'listEvents' | 'findEvent' | 'findEarliestEvent'>;
  sessions: Pick<SessionReader, 'summary'>;
  invalidEvents: Pick<InvalidEventReader, 'listInvalidEvents'>;
  stats: Pick<StatsReader, 'receivedStats' | 'receivedTimeline'>;
  eventTypes: Pick<RegisteredEventTypes, 'loadRegistry'>;
}

export interface QueryServiceOptions {
  readers: QueryReaders;
  /** Milliseconds since the epoch; the stats window's default end. */
  now?: () => number;
}

/** One event type events are validated against, with the JSON Schema of its `data`. */
export interface ListedEventType {
  category: string;
  name: string;
  builtIn: boolean;
  schema: Record<string, unknown>;
}

/** A window with both ends, in microseconds. */
export interface ExactWindow {
  fromMicros: number;
  toMicros: number;
}

/** Stats and the exact window they cover. */
export interface WindowStats {
  window: ExactWindow;
  stats: ReceivedStats;
}

/** Events per interval and the exact window they cover. */
export interface WindowTimeline {
  window: ExactWindow;
  intervalMs: number;
  /** Every interval that overlaps the window, oldest first, including empty ones. */
  buckets: TimelineBucket[];
}

/** Every read of the contract, over the store's readers. */
export class QueryService {
  private readonly readers: QueryReaders;
  private readonly now: () => number;

  constructor(options: QueryServiceOptions) {
    this.readers = options.readers;
    this.now = options.now ?? Date.now;
  }

  /** One page of events in time order; see {@link EventReader.listEvents}. */
  listEvents(query: EventListQuery): Promise<Page<EventDocument>> {
    return this.readers.events.listEvents(query);
  }

  /**
   * One event by its id. With `application`, that application's; without, the caller's own
   * application's event with that id if there is one, else the earliest received.
   */
  async getEvent(principal: Principal, eventId: string, application?: string): Promise<EventDocument> {
    const event =
      application !== undefined
        ? await this.readers.events.findEvent(application, eventId)
        : ((await this.readers.events.findEvent(principal.application, eventId)) ?? (await this.readers.events.findEarliestEvent(eventId)));
    if (!event) throw new ServiceError('not_found', `no event with id ${JSON.stringify(eventId)}${application === undefined ? '' : ` from ${JSON.stringify(application)}`}`);
    return event;
  }

  /** A session's summary; `not_found` when it has no valid events. */
  async getSession(sessionId: string): Promise<SessionSummary> {
    const session = await this.readers.sessions.summary(sessionId);
    if (!session) throw new ServiceError('not_found', `no valid events in session ${JSON.stringify(sessionId)}`);
    return session;
  }

  /** One page of invalid events, newest first. */
  listInvalidEvents(query: InvalidEventListQuery): Promise<Page<RejectedEventDocument>> {
    return this.readers.invalidEvents.listInvalidEvents(query);
  }

  /**
   * What was received in a window, `from` inclusive, `to` exclusive. Without `to`, up to now;
   * without `from`, the 24 hours before `to`. A window that ends before it starts is empty.
   */
  async stats(requested: OptionalWindow): Promise<WindowStats> {
    const window = this.window(requested);
    return { window, stats: await this.readers.stats.receivedStats(window) };
  }

  /**
   * Valid and invalid events received per minute, over a window with the defaults of
   * {@link stats} and at most {@link MAX_TIMELINE_WINDOW_MS} long. Every minute that overlaps
   * the window is listed, those without events with zero counts, so a chart needs no gaps filled.
   *
   * @throws {@link ServiceError} `invalid_query` for a window longer than 24 hours.
   */
  async timeline(requested: OptionalWindow): Promise<WindowTimeline> {
    const window = this.window(requested);
    if (window.toMicros - window.fromMicros > MAX_TIMELINE_WINDOW_MS * 1000) {
      const message = 'the timeline covers at most 24 hours: narrow from/to';
      throw new ServiceError('invalid_query', message, [{ path: 'from', message }]);
    }
    const intervalUs = TIMELINE_INTERVAL_MS * 1000;
    const found = window.toMicros > window.fromMicros ? await this.readers.stats.receivedTimeline(window, TIMELINE_INTERVAL_MS) : [];
    const counted = new Map(found.map((bucket) => [bucket.startMicros, bucket]));
    const buckets: TimelineBucket[] = [];
    for (let start = window.fromMicros - (((window.fromMicros % intervalUs) + intervalUs) % intervalUs); start < window.toMicros; start += intervalUs) {
      buckets.push(counted.get(start) ?? { startMicros: start, valid: 0, invalid: 0 });
    }
    return { window, intervalMs: TIMELINE_INTERVAL_MS, buckets };
  }

  /** A window's missing ends: `to` is now, `from` the 24 hours before `to`. */
  private window(requested: OptionalWindow): ExactWindow {
    const toMicros = requested.toMicros ?? this.now() * 1000;
    const fromMicros = requested.fromMicros ?? toMicros - DEFAULT_STATS_WINDOW_MS * 1000;
    return { fromMicros, toMicros };
  }

  /**
   * Every event type events are validated against now: the built-ins, then the usable registered
   * types in the order registered (a registered type whose schema no longer converts is not used
   * by the validators, so it is not listed). Read afresh on every call: the collection is small.
   */
  async eventTypes(): Promise<ListedEventType[]> {
    const { registry } = await this.readers.eventTypes.loadRegistry();
    return registry.list().map((type) => ({
      category: type.category,
      name: type.name,
      builtIn: isBuiltInEventType(type.category, type.name),
      schema: dataJsonSchema(type) as Record<string, unknown>,
    }));
  }
}
