import type { EventTypeInfo, GetSessionResponse, GetStatsResponse, GetStatsTimelineResponse, InvalidEvent, StoredEvent } from '@eye/contracts';
import type { EventDocument, ReceivedStats, RejectedEventDocument, SessionSummary } from '@eye/store';
import { formatMicros } from '@eye/validators';
import type { ListedEventType, WindowTimeline } from './query-service';

/** A stored event as the contract shows it: its own id, `data` as JSON text, exact timestamps. */
export function toStoredEvent(event: EventDocument): StoredEvent {
  return {
    id: event.event_id,
    application: event.application,
    sessionId: event.session_id,
    category: event.category,
    name: event.name,
    dataJson: JSON.stringify(event.data),
    timestamp: formatMicros(event.ts_us),
    receivedAt: formatMicros(event.received_us),
    traceId: event.trace_id,
  };
}

/** An invalid event with its issues and its JSON exactly as sent; `resolvedAt` once a replay stored it as valid. */
export function toInvalidEvent(event: RejectedEventDocument): InvalidEvent {
  return {
    id: event.event_id,
    application: event.application,
    receivedAt: formatMicros(event.received_us),
    sessionId: event.session_id,
    category: event.category,
    name: event.name,
    issues: event.issues.map(({ path, code, message }) => ({ path, code, message })),
    rawJson: event.raw_json,
    resolvedAt: event.resolved_at === undefined ? undefined : formatMicros(event.resolved_at.getTime() * 1000),
    traceId: event.trace_id,
  };
}

/** A session summary; first/last seen are event timestamps, not receive times. */
export function toSessionResponse(session: SessionSummary): GetSessionResponse {
  return {
    sessionId: session.session_id,
    firstSeen: formatMicros(session.first_us),
    lastSeen: formatMicros(session.last_us),
    eventCount: session.event_count,
    categories: [...session.categories].sort(),
    applications: [...session.applications].sort(),
  };
}

/** Counts over a window, with the window the counts are for. */
export function toStatsResponse(window: { fromMicros: number; toMicros: number }, stats: ReceivedStats): GetStatsResponse {
  return {
    from: formatMicros(window.fromMicros),
    to: formatMicros(window.toMicros),
    valid: stats.valid,
    invalid: stats.invalid,
    byType: stats.byType.map(({ category, name, valid, invalid }) => ({ category, name, valid, invalid })),
  };
}

/** An event type with its `data` schema as JSON text. */
export function toEventTypeInfo(type: ListedEventType): EventTypeInfo {
  return { category: type.category, name: type.name, builtIn: type.builtIn, schemaJson: JSON.stringify(type.schema) };
}

/** Events per interval, with the window they are for. */
export function toTimelineResponse({ window, intervalMs, buckets }: WindowTimeline): GetStatsTimelineResponse {
  return {
    from: formatMicros(window.fromMicros),
    to: formatMicros(window.toMicros),
    intervalS: intervalMs / 1000,
    buckets: buckets.map((bucket) => ({ start: formatMicros(bucket.startMicros), valid: bucket.valid, invalid: bucket.invalid })),
  };
}
