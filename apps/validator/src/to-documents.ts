import type { QueuedEvent } from '@eye/messaging';
import { eventKey, type EventDocument, type InvalidEventDocument } from '@eye/store';
import { validateEventJson, type EventTypeRegistry, type Issue } from '@eye/validators';

/** One message of a batch, decoded (or not) from JetStream. */
export interface ReceivedMessage {
  /** The JetStream stream sequence: the order The Eye received events in. */
  seq: number;
  /** The decoded event, or undefined when the payload is not a queued event at all. */
  event: QueuedEvent | undefined;
  /** The payload as text, kept for undecodable messages. */
  payloadText: string;
}

/** The documents a batch becomes. */
export interface BatchDocuments {
  valid: EventDocument[];
  invalid: InvalidEventDocument[];
}

/** Application recorded for messages whose payload is not even a queued event. */
export const UNKNOWN_APPLICATION = '_unknown';

/** Validates each message against `registry` (the built-ins when omitted) and turns it into a valid or an invalid event document. */
export function toDocuments(messages: ReceivedMessage[], clockSkewMs: number, registry?: EventTypeRegistry): BatchDocuments {
  const documents: BatchDocuments = { valid: [], invalid: [] };
  for (const message of messages) {
    const { event } = message;
    if (!event) {
      documents.invalid.push(undecodable(message));
      continue;
    }
    const receivedAt = new Date(Math.floor(event.receivedMicros / 1000));
    const result = validateEventJson(event.raw, { receivedAtMicros: event.receivedMicros, clockSkewMs, registry });
    const base = {
      _id: eventKey(event.application, event.eventId),
      application: event.application,
      event_id: event.eventId,
      received_at: receivedAt,
      received_us: event.receivedMicros,
      seq: message.seq,
    };
    if (result.valid) {
      const valid = result.event;
      documents.valid.push({
        ...base,
        session_id: valid.sessionId,
        category: valid.category,
        name: valid.name,
        data: valid.data,
        ts_us: valid.timestampMicros,
        timestamp: new Date(Math.floor(valid.timestampMicros / 1000)),
      });
    } else {
      documents.invalid.push({
        ...base,
        session_id: result.known.sessionId,
        category: result.known.category,
        name: result.known.name,
        issues: result.issues.map(({ path, code, message: text }) => ({ path, code, message: text })),
        codes: distinctCodes(result.issues),
        raw_json: event.raw,
      });
    }
  }
  return documents;
}

function undecodable(message: ReceivedMessage): InvalidEventDocument {
  const issue = { path: '', code: 'invalid_format', message: 'the queued message is not an event The Eye can read' };
  const now = Date.now();
  return {
    _id: eventKey(UNKNOWN_APPLICATION, `seq-${message.seq}`),
    application: UNKNOWN_APPLICATION,
    event_id: `seq-${message.seq}`,
    received_at: new Date(now),
    received_us: now * 1000,
    seq: message.seq,
    issues: [issue],
    codes: [issue.code],
    raw_json: JSON.stringify(message.payloadText),
  };
}

function distinctCodes(issues: Issue[]): string[] {
  return [...new Set(issues.map((issue) => issue.code))];
}
