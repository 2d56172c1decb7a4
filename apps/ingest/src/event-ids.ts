import { isValidClientEventId, parseEventTimestamp } from '@eye/validators';
import { createHash } from 'node:crypto';

/** What ingest reads from an event's JSON text to name it and to place it in its partition. */
interface EventKeyFields {
  clientEventId?: string;
  timestampMicros?: number;
  sessionId?: string;
}

function keyFields(raw: string): EventKeyFields {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    // Unparseable events still get queued (and an id); the validator records them as invalid.
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const { event_id: eventId, timestamp, session_id: sessionId } = value as Record<string, unknown>;
  return {
    clientEventId: isValidClientEventId(eventId) ? eventId : undefined,
    timestampMicros: typeof timestamp === 'string' ? parseEventTimestamp(timestamp)?.micros : undefined,
    sessionId: typeof sessionId === 'string' ? sessionId : undefined,
  };
}

/**
 * The id of an event that has no valid client `event_id`: the same for the same application and
 * the same event text, so a client that retries a request gets the same ids and nothing is stored
 * twice (JetStream and the store dedupe on `<application>/<id>`).
 *
 * UUID-shaped, RFC 9562 version 8 (custom) in the layout of version 7: the first 48 bits are the
 * event's own timestamp in milliseconds since 1970 (0 when it has none or is earlier), so ids sort
 * by event time like the UUIDv7s they replace; the remaining 74 bits come from SHA-256 of the
 * application and the exact event text. Version 8 rather than 7 because version 7 promises
 * random bits, and these are not.
 */
export function derivedEventId(application: string, raw: string, timestampMicros: number | undefined): string {
  const hash = createHash('sha256').update(application).update('\0').update(raw).digest();
  const millis = Math.max(0, Math.floor((timestampMicros ?? 0) / 1000));
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(Math.min(millis, 2 ** 48 - 1), 0, 6);
  hash.copy(bytes, 6, 0, 10);
  bytes[6] = 0x80 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The event's id (the client's `event_id` when it is a valid one, else {@link derivedEventId})
 * and its `session_id` when it is a string (what its partition is derived from), from one read of
 * its text.
 */
export function eventKeysFor(application: string, raw: string): { eventId: string; sessionId?: string } {
  const fields = keyFields(raw);
  return { eventId: fields.clientEventId ?? derivedEventId(application, raw, fields.timestampMicros), sessionId: fields.sessionId };
}

/** The event's id: the client's `event_id` when it is a valid one, else {@link derivedEventId}. */
export function eventIdFor(application: string, raw: string): string {
  return eventKeysFor(application, raw).eventId;
}
