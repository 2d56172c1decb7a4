import type { NormalizedEvent } from '@eye/validators';
import type { EventDocument } from './documents';

/** Where and when an event was received: the fields a valid and an invalid event document share. */
export type ReceivedEventFields = Pick<EventDocument, '_id' | 'application' | 'event_id' | 'received_at' | 'received_us' | 'seq'>;

/** The `events` document of a valid event received as `received`. */
export function validEventDocument(received: ReceivedEventFields, event: NormalizedEvent): EventDocument {
  return {
    _id: received._id,
    application: received.application,
    event_id: received.event_id,
    received_at: received.received_at,
    received_us: received.received_us,
    seq: received.seq,
    session_id: event.sessionId,
    category: event.category,
    name: event.name,
    data: event.data,
    ts_us: event.timestampMicros,
    timestamp: new Date(Math.floor(event.timestampMicros / 1000)),
  };
}
