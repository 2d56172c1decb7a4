import type { QueuedEvent } from '@eye/messaging';
import { eventFields, eventKey, type IssueDocument, type StoredEventDocument } from '@eye/store';
import { validateEventJson, type EventTypeRegistry } from '@eye/validators';

/** One message of a batch, decoded (or not) from JetStream. */
export interface ReceivedMessage {
  /** The JetStream stream sequence: the order The Eye received events in. */
  seq: number;
  /** The decoded event, or undefined when the payload is not a queued event at all. */
  event: QueuedEvent | undefined;
  /** The payload as text, kept for undecodable messages. */
  payloadText: string;
  /** The trace of the request that carried it, from its `traceparent` header. */
  traceId?: string;
}

/** What a message is stored as: its document, and the event's JSON text as sent (kept if the database refuses the document). */
export interface PendingEvent {
  document: StoredEventDocument;
  rawJson: string;
}

/** Application recorded for messages whose payload is not even a queued event. */
export const UNKNOWN_APPLICATION = '_unknown';

/**
 * Validates a message against `registry` (the built-ins when omitted) and makes the one document
 * it is stored as: a valid event (`valid: true`) or an invalid one (`valid: false`, `rejected`,
 * with its issues and raw text).
 */
export function toPendingEvent(message: ReceivedMessage, clockSkewMs: number, registry?: EventTypeRegistry): PendingEvent {
  const { event } = message;
  if (!event) return undecodable(message);
  const received = {
    _id: eventKey(event.application, event.eventId),
    application: event.application,
    event_id: event.eventId,
    received_at: new Date(Math.floor(event.receivedMicros / 1000)),
    received_us: event.receivedMicros,
    seq: message.seq,
    ...(message.traceId === undefined ? {} : { trace_id: message.traceId }),
  };
  const result = validateEventJson(event.raw, { receivedAtMicros: event.receivedMicros, clockSkewMs, registry });
  if (result.valid) return { document: { ...received, ...eventFields(result.event), valid: true }, rawJson: event.raw };
  const issues: IssueDocument[] = result.issues.map(({ path, code, message: text }) => ({ path, code, message: text }));
  return {
    document: {
      ...received,
      ...(result.known.sessionId === undefined ? {} : { session_id: result.known.sessionId }),
      ...(result.known.category === undefined ? {} : { category: result.known.category }),
      ...(result.known.name === undefined ? {} : { name: result.known.name }),
      valid: false,
      rejected: true,
      issues,
      codes: [...new Set(issues.map((issue) => issue.code))],
      raw_json: event.raw,
    },
    rawJson: event.raw,
  };
}

function undecodable(message: ReceivedMessage): PendingEvent {
  const issue = { path: '', code: 'invalid_format', message: 'the queued message is not an event The Eye can read' };
  const now = Date.now();
  // The payload is kept as a JSON string of its text.
  const rawJson = JSON.stringify(message.payloadText);
  return {
    document: {
      _id: eventKey(UNKNOWN_APPLICATION, `seq-${message.seq}`),
      application: UNKNOWN_APPLICATION,
      event_id: `seq-${message.seq}`,
      received_at: new Date(now),
      received_us: now * 1000,
      seq: message.seq,
      valid: false,
      rejected: true,
      issues: [issue],
      codes: [issue.code],
      raw_json: rawJson,
    },
    rawJson,
  };
}
