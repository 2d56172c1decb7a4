/** One accepted event as it travels through JetStream from ingest to the validators. */
export interface QueuedEvent {
  /** The application (trusted client) that sent it. */
  application: string;
  /** The client's `event_id` when valid, else the id ingest made. */
  eventId: string;
  /** When ingest received it, in microseconds since the Unix epoch. */
  receivedMicros: number;
  /** The event's JSON text exactly as the application sent it. */
  raw: string;
}

/** The JetStream message id, unique per application: what JetStream dedupes on. */
export function messageIdFor(event: Pick<QueuedEvent, 'application' | 'eventId'>): string {
  return `${event.application}/${event.eventId}`;
}

interface WireV1 {
  v: 1;
  application: string;
  event_id: string;
  received_us: number;
  raw: string;
}

export function encodeQueuedEvent(event: QueuedEvent): Uint8Array {
  const wire: WireV1 = { v: 1, application: event.application, event_id: event.eventId, received_us: event.receivedMicros, raw: event.raw };
  return Buffer.from(JSON.stringify(wire));
}

/** Decodes a message payload; returns undefined for anything that is not a v1 queued event. */
export function decodeQueuedEvent(payload: Uint8Array): QueuedEvent | undefined {
  let wire: Partial<WireV1>;
  try {
    wire = JSON.parse(Buffer.from(payload).toString('utf8')) as Partial<WireV1>;
  } catch {
    return undefined;
  }
  if (
    wire === null ||
    typeof wire !== 'object' ||
    wire.v !== 1 ||
    typeof wire.application !== 'string' ||
    typeof wire.event_id !== 'string' ||
    typeof wire.received_us !== 'number' ||
    typeof wire.raw !== 'string'
  ) {
    return undefined;
  }
  return { application: wire.application, eventId: wire.event_id, receivedMicros: wire.received_us, raw: wire.raw };
}
