/** `EyeClient`: batched, retried, bounded sending of events, and the read side of the contract. */
import { EyeClientClosedError, EyeError, isEyeError } from './errors';
import { FlushWaiters, type FlushSummary, type Outcome } from './flush';
import { HttpTransport, type Sleep } from './http';
import { resolveOptions, type EyeClientOptions, type ResolvedOptions } from './options';
import type { Paged } from './paged';
import { EventQueue, type QueuedEvent } from './queue';
import { EyeReader } from './reader';
import type {
  ErrorFilters,
  EventFilters,
  EventType,
  InvalidEvent,
  SessionEventFilters,
  SessionSummary,
  Stats,
  StatsFilters,
  StatsTimeline,
  StoredEvent,
  TrackEvent,
  ValidationResult,
  WireEvent,
} from './types';
import { utf8Length, toJson, toWireEvent } from './wire';

/** A timer of Node.js (an object with `ref`/`unref`) or of a browser (a number). */
type Timer = ReturnType<typeof setTimeout>;

/** Lets the process exit while only this timer waits (Node.js); nothing to do in a browser. */
function unref(timer: Timer): void {
  (timer as { unref?: () => void }).unref?.();
}

/** Totals since the client was created. */
export interface EyeClientStats {
  tracked: number;
  accepted: number;
  failed: number;
  dropped: number;
  /** Waiting to be sent. */
  queued: number;
  /** In the request being sent (or waiting to be retried). */
  inFlight: number;
}

/**
 * A client of The Eye for applications.
 *
 * `track()` returns at once and queues the event; batches of `batchSize` events, or whatever is
 * queued after `flushIntervalMs`, go to `POST /v1/events/batch`, one request at a time, in the
 * order tracked. Network errors, 408, 429 and 5xx are retried with exponential backoff and full
 * jitter, never sooner than `Retry-After`; other 4xx fail the batch at once (`onError`). When
 * `maxQueue` events wait, each new one drops the oldest queued event (`onDrop`). `flush()` and
 * `close()` resolve when every event queued before the call is accepted or failed for good.
 * The client's timers never keep a process alive by themselves: call `close()` before exiting.
 */
export class EyeClient {
  private readonly options: ResolvedOptions;
  private readonly transport: HttpTransport;
  private readonly reader: EyeReader;
  private readonly queue: EventQueue;
  private readonly flushes = new FlushWaiters();
  private readonly totals = { tracked: 0, accepted: 0, failed: 0, dropped: 0 };
  private inFlight: QueuedEvent[] | undefined;
  private lingerTimer: Timer | undefined;
  private lingerDue = false;
  private retryTimer: Timer | undefined;
  private closing: Promise<FlushSummary> | undefined;
  private seq = 0;

  constructor(options: EyeClientOptions) {
    this.options = resolveOptions(options);
    const { url, token, fetch, requestTimeoutMs, maxRetries, retryBaseMs, retryMaxMs } = this.options;
    this.transport = new HttpTransport({
      url,
      token,
      fetch,
      requestTimeoutMs,
      retry: { maxRetries, baseMs: retryBaseMs, maxMs: retryMaxMs },
    });
    this.reader = new EyeReader(this.transport, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.queue = new EventQueue(this.options.maxQueue);
  }

  /**
   * Queues an event and returns its `event_id` at once. Throws only on misuse: after `close()`
   * ({@link EyeClientClosedError}), or for an event JSON cannot hold ({@link EyeUsageError}).
   */
  track(event: TrackEvent): string {
    if (this.closing) throw new EyeClientClosedError();
    const wire = toWireEvent(event, () => globalThis.crypto.randomUUID());
    const json = toJson(wire);
    this.seq += 1;
    this.totals.tracked += 1;
    const dropped = this.queue.push({ id: wire.event_id, seq: this.seq, json, bytes: utf8Length(json) });
    if (dropped) this.drop(dropped);
    this.pump();
    return wire.event_id;
  }

  /** Sends everything queued now; resolves when each of those events is accepted or failed for good. */
  flush(): Promise<FlushSummary> {
    const outstanding = this.queue.length + (this.inFlight?.length ?? 0);
    const done = this.flushes.wait(this.seq, outstanding);
    // A retry wait that started in the background must now keep the process alive.
    (this.retryTimer as { ref?: () => void } | undefined)?.ref?.();
    this.pump();
    return done;
  }

  /** Stops taking events, sends what is queued, and resolves like {@link EyeClient.flush}. Idempotent. */
  close(): Promise<FlushSummary> {
    if (!this.closing) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      this.closing = this.flush();
    }
    return this.closing;
  }

  /** Totals since the client was created, and what is pending now. */
  get stats(): EyeClientStats {
    return { ...this.totals, queued: this.queue.length, inFlight: this.inFlight?.length ?? 0 };
  }

  /** `POST /v1/events/validate` of a tracked-style event: stores nothing. */
  validate(event: TrackEvent): Promise<ValidationResult> {
    return this.validateWire(toWireEvent(event, () => globalThis.crypto.randomUUID()));
  }

  /** `POST /v1/events/validate` of an event already in the contract's shape (any JSON object). */
  async validateWire(event: WireEvent | Record<string, unknown>): Promise<ValidationResult> {
    const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const { body } = await this.transport.request({ method: 'POST', path: '/v1/events/validate', body: toJson(event) }, sleep);
    return body as ValidationResult;
  }

  /** Stored events matching every filter; iterate with `for await`, or `.pages()`. */
  events(filters: EventFilters = {}): Paged<StoredEvent> {
    return this.reader.events(filters);
  }

  /** One session's events in time order (empty for an unknown session). */
  sessionEvents(sessionId: string, filters: SessionEventFilters = {}): Paged<StoredEvent> {
    return this.reader.sessionEvents(sessionId, filters);
  }

  /** Invalid events with their issues, newest first. */
  errors(filters: ErrorFilters = {}): Paged<InvalidEvent> {
    return this.reader.errors(filters);
  }

  /** A session's summary, or `undefined` when it has no valid events (404). */
  session(sessionId: string): Promise<SessionSummary | undefined> {
    return this.reader.session(sessionId);
  }

  /** One stored event, or `undefined` (404). */
  event(eventId: string, options: { application?: string } = {}): Promise<StoredEvent | undefined> {
    return this.reader.event(eventId, options);
  }

  /** What The Eye received in a window (default: the last 24 hours). */
  receivedStats(filters: StatsFilters = {}): Promise<Stats> {
    return this.reader.stats(filters);
  }

  /** Valid and invalid events received per minute in a window of at most 24 hours (default: the last 24 hours). */
  receivedTimeline(filters: StatsFilters = {}): Promise<StatsTimeline> {
    return this.reader.timeline(filters);
  }

  /** Every event type events are validated against, built in and registered, with the JSON Schema of its `data`. */
  eventTypes(): Promise<EventType[]> {
    return this.reader.eventTypes();
  }

  /** Starts the next request if one is due: one at a time, so events go in the order tracked. */
  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const due = this.flushes.waiting || this.closing !== undefined || this.lingerDue || this.queue.length >= this.options.batchSize;
    if (!due) {
      this.armLinger();
      return;
    }
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.lingerDue = false;
    const batch = this.queue.take(this.options.batchSize, this.options.maxBatchBytes - '{"events":[]}'.length);
    this.inFlight = batch;
    void this.send(batch);
  }

  private armLinger(): void {
    if (this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      this.lingerDue = true;
      this.pump();
    }, this.options.flushIntervalMs);
    unref(this.lingerTimer);
  }

  private async send(batch: QueuedEvent[]): Promise<void> {
    const eventIds = batch.map((event) => event.id);
    const body = `{"events":[${batch.map((event) => event.json).join(',')}]}`;
    try {
      await this.transport.request({ method: 'POST', path: '/v1/events/batch', body, eventIds }, this.retrySleep);
      this.settle(batch, 'accepted');
    } catch (caught) {
      const error = isEyeError(caught) ? caught : new EyeError('internal', String(caught), { cause: caught, eventIds });
      this.settle(batch, 'failed', error);
      this.report(() => this.options.onError?.(error));
    } finally {
      this.inFlight = undefined;
      this.pump();
    }
  }

  /** Waits before a retry; the timer keeps the process alive only while someone awaits a flush. */
  private readonly retrySleep: Sleep = (ms) =>
    new Promise((resolve) => {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        resolve();
      }, ms);
      if (!this.flushes.waiting) unref(this.retryTimer);
    });

  private drop(event: QueuedEvent): void {
    this.settle([event], 'dropped');
    this.report(() => this.options.onDrop?.([JSON.parse(event.json) as WireEvent], 'queue_full'));
  }

  private settle(events: readonly QueuedEvent[], outcome: Outcome, error?: EyeError): void {
    this.totals[outcome] += events.length;
    this.flushes.settle(events, outcome, error);
  }

  /** Runs an application callback; what it throws must not break sending. */
  private report(callback: () => void): void {
    try {
      callback();
    } catch {
      // The callbacks are documented as must-not-throw; there is nowhere better to send this.
    }
  }
}
