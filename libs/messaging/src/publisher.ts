import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { PubAck } from '@nats-io/jetstream';
import type { NatsLink } from './connection';
import type { MsgHdrs } from '@nats-io/transport-node';
import { EventTooLargeError, QueueUnavailableError } from './errors';
import { partitionSubject } from './partitions';
import { encodeQueuedEvent, messageIdFor, type QueuedEvent } from './queued-event';
import { headersWithTraceContext } from './trace-headers';

const tracer = trace.getTracer('@eye/messaging');

export interface PublishOptions {
  /** The stream's subject prefix: an event goes to `<subject>.<partition>`. */
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

/** A queued event and its partition (see `partitionOf`; 0 when omitted: one partition). */
export type PartitionedEvent = QueuedEvent & { partition?: number };

/** A queued event ready to go: its subject, payload, headers and JetStream message id. */
interface OutgoingMessage {
  event: QueuedEvent;
  subject: string;
  msgId: string;
  payload: Uint8Array;
  headers: MsgHdrs;
}

/** Bytes of the header block as NATS sends it (`NATS/1.0`, one `key: value` line each, and the Nats-Msg-Id). */
function headerBytes(headers: MsgHdrs, msgId: string): number {
  let bytes = 'NATS/1.0\r\n\r\n'.length + Buffer.byteLength(`Nats-Msg-Id: ${msgId}\r\n`);
  for (const key of headers.keys()) for (const value of headers.values(key)) bytes += Buffer.byteLength(`${key}: ${value}\r\n`);
  return bytes;
}

/**
 * Publishes events to JetStream concurrently, each on its partition's subject, and resolves only
 * once every one of them is acknowledged (stored in the stream). Each carries `Nats-Msg-Id` =
 * application/event id, so a retry inside the stream's duplicate window is not stored twice. If
 * any publish fails, the whole call fails with {@link QueueUnavailableError} once every publish
 * has settled: the caller reports nothing accepted, although some events may be queued (a retry
 * with the same ids dedupes them). An event
 * that cannot fit in a NATS message fails the call, before anything is published, with
 * {@link EventTooLargeError}.
 */
export async function publishEvents(link: NatsLink, events: PartitionedEvent[], options: PublishOptions): Promise<PublishedEvent[]> {
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
        ...(events.length === 1
          ? { 'messaging.message.id': messageIdFor(events[0]), 'messaging.destination.partition.id': String(events[0].partition ?? 0) }
          : {}),
      },
    },
    async (span) => {
      try {
        // Headers per message: the JetStream client writes Nats-Msg-Id into the object it is given.
        const messages: OutgoingMessage[] = events.map((event) => ({
          event,
          subject: partitionSubject(options.subject, event.partition ?? 0),
          msgId: messageIdFor(event),
          payload: encodeQueuedEvent(event),
          headers: headersWithTraceContext(context.active()),
        }));
        const maxPayload = link.nc.info?.max_payload;
        const oversized = maxPayload === undefined ? undefined : messages.find((m) => m.payload.length + headerBytes(m.headers, m.msgId) > maxPayload);
        if (oversized) {
          throw new EventTooLargeError(`event ${oversized.event.eventId} does not fit in a queue message of at most ${maxPayload} bytes`);
        }
        // Every publish settles before the call answers, so a failed call leaves none in flight.
        const outcomes = await Promise.allSettled(
          messages.map((message) =>
            link.js.publish(message.subject, message.payload, { msgID: message.msgId, timeout: options.timeoutMs, headers: message.headers }),
          ),
        );
        const failed = outcomes.find((outcome) => outcome.status === 'rejected');
        if (failed) throw failed.reason;
        const acks = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<PubAck>).value);
        span.setAttribute('messaging.nats.duplicates', acks.filter((ack) => ack.duplicate).length);
        return acks.map((ack, index) => ({ eventId: events[index].eventId, sequence: ack.seq, duplicate: ack.duplicate }));
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        if (error instanceof EventTooLargeError) throw error;
        // NATS's text (addresses, stream names) stays in `cause`, for logs; clients read the message.
        throw new QueueUnavailableError('the queue did not confirm every event', { cause: error });
      } finally {
        span.end();
      }
    },
  );
}
