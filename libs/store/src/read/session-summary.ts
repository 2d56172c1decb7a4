import type { EventDocument } from '../schema/documents';

/** A session's summary over its valid events; sets sorted. */
export interface SessionSummary {
  session_id: string;
  /** The earliest and latest event timestamp, exact microseconds. */
  first_us: number;
  last_us: number;
  event_count: number;
  categories: string[];
  applications: string[];
}

/** What a summary needs of each event. */
export type SummarizedFields = Pick<EventDocument, 'session_id' | 'ts_us' | 'category' | 'application'>;

/**
 * The summary of each session over its valid events: what the store answers for a session, and
 * what tests compare it with.
 */
export function summarizeEvents(events: Iterable<SummarizedFields>): Map<string, SessionSummary> {
  const summaries = new Map<string, { first: number; last: number; count: number; categories: Set<string>; applications: Set<string> }>();
  for (const event of events) {
    const current = summaries.get(event.session_id);
    if (!current) {
      summaries.set(event.session_id, {
        first: event.ts_us,
        last: event.ts_us,
        count: 1,
        categories: new Set([event.category]),
        applications: new Set([event.application]),
      });
      continue;
    }
    current.count += 1;
    if (event.ts_us < current.first) current.first = event.ts_us;
    if (event.ts_us > current.last) current.last = event.ts_us;
    current.categories.add(event.category);
    current.applications.add(event.application);
  }
  return new Map(
    [...summaries].map(([sessionId, s]) => [
      sessionId,
      { session_id: sessionId, first_us: s.first, last_us: s.last, event_count: s.count, categories: [...s.categories].sort(), applications: [...s.applications].sort() },
    ]),
  );
}
