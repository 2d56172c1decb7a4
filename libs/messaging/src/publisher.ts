import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { PubAck } from '@nats-io/jetstream';
import type { NatsLink } from './connection';
import { QueueUnavailableError } from './errors';
import { encodeQueuedEvent, messageIdFor, type QueuedEvent } from './queued-event';
import { headersWithTraceContext } from './trace-headers';

const tracer = trace.getTracer('@eye/messaging');

export interface PublishOptions {
  subject: string;
  /** How long to wait for each JetStream acknowledgement. */
  timeoutMs: number;
}

/** What JetStream said about one published event. */
export interface PublishedEvent {
  eventId: string;
  sequence: number;
  duplicate: boolean;
}

/**
 * Publishes events to JetStream concurrently and resolves only once every one of them is
 * acknowledged (stored in the stream). Each carries `Nats-Msg-Id` = application/event id, so a
 * retry inside the stream's duplicate window is not stored twice. If any publish fails, the whole
 * call fails with {@link QueueUnavailableError}: the caller reports nothing accepted.
 */
export async function publishEvents(link: NatsLink, events: QueuedEvent[], options: PublishOptions): Promise<PublishedEvent[]> {
  if (!link.isConnected()) throw new QueueUnavailableError('the queue is not reachable');
  return tracer.startActiveSpan(
    `send ${options.subject}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'send',
        'messaging.destination.name': options.subject,
        'messaging.batch.message_count': events.length,
        ...(events.length === 1 ? { 'messaging.message.id': messageIdFor(events[0]) } : {}),
      },
    },
    async (span) => {
      try {
        const headers = headersWithTraceContext(context.active());
        const acks: PubAck[] = await Promise.all(
          events.map((event) =>
            link.js.publish(options.subject, encodeQueuedEvent(event), {
              msgID: messageIdFor(event),
              timeout: options.timeoutMs,
              headers,
            }),
          ),
        );
        span.setAttribute('messaging.nats.duplicates', acks.filter((ack) => ack.duplicate).length);
        return acks.map((ack, index) => ({ eventId: events[index].eventId, sequence: ack.seq, duplicate: ack.duplicate }));
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw new QueueUnavailableError(`the queue did not confirm the events: ${(error as Error).message}`, { cause: error });
      } finally {
        span.end();
      }
    },
  );
}
