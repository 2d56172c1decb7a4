import type { Principal } from '@eye/auth';
import { partitionOf, publishEvents, type NatsLink, type PartitionedEvent } from '@eye/messaging';
import { ServiceError } from '@eye/rpc';
import { MAX_EVENTS_PER_BATCH, validateEventJson, type EventTypeRegistry, type Issue } from '@eye/validators';
import { eventKeysFor } from './event-ids';

export interface IngestServiceOptions {
  nats: NatsLink;
  /** The stream's subject prefix; an event goes to `<subject>.<partition>`. */
  subject: string;
  /** How many partitions the stream has (`EYE_PARTITIONS`). */
  partitions: number;
  publishTimeoutMs: number;
  clockSkewMs: number;
  /** The event types `validate` checks against now (built-ins plus registered ones); the built-ins when omitted. */
  eventTypes?: () => EventTypeRegistry;
  now?: () => number;
  /** Told how long each publish to JetStream took, for the publish latency histogram. */
  onPublished?: (outcome: PublishOutcome) => void;
}

/** One call's publish to JetStream: how many events, how long until acknowledged, whether it succeeded. */
export interface PublishOutcome {
  events: number;
  seconds: number;
  ok: boolean;
}

/** The outcome of validating one event without storing it. */
export type ValidationOutcome = { valid: true } | { valid: false; issues: Issue[] };

/** Stamps and queues events, and validates single events on demand. */
export class IngestService {
  private readonly now: () => number;

  constructor(private readonly options: IngestServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Queues each event, as sent, for asynchronous validation and resolves with their ids in the
   * order sent, once JetStream has acknowledged all of them. Ids are the client's `event_id` or
   * derived from the event's text ({@link eventIdFor}), so sending the same events again queues
   * nothing new: a call that failed half-way can be retried as it is.
   */
  async accept(principal: Principal, eventsJson: string[]): Promise<string[]> {
    if (eventsJson.length === 0 || eventsJson.length > MAX_EVENTS_PER_BATCH) {
      throw new ServiceError('invalid_request', `send 1 to ${MAX_EVENTS_PER_BATCH} events per call`);
    }
    const receivedMicros = this.now() * 1000;
    const events: PartitionedEvent[] = eventsJson.map((raw) => {
      const keys = eventKeysFor(principal.application, raw);
      return {
        application: principal.application,
        eventId: keys.eventId,
        receivedMicros,
        raw,
        partition: partitionOf(principal.application, keys.sessionId, this.options.partitions),
      };
    });
    const started = process.hrtime.bigint();
    const published = (ok: boolean) =>
      this.options.onPublished?.({ events: events.length, seconds: Number(process.hrtime.bigint() - started) / 1e9, ok });
    try {
      await publishEvents(this.options.nats, events, { subject: this.options.subject, timeoutMs: this.options.publishTimeoutMs });
    } catch (error) {
      published(false);
      throw error;
    }
    published(true);
    return events.map((event) => event.eventId);
  }

  /** Validates one event exactly as the pipeline would, storing nothing. */
  validate(eventJson: string): ValidationOutcome {
    const result = validateEventJson(eventJson, {
      receivedAtMicros: this.now() * 1000,
      clockSkewMs: this.options.clockSkewMs,
      registry: this.options.eventTypes?.(),
    });
    return result.valid ? { valid: true } : { valid: false, issues: result.issues };
  }
}
