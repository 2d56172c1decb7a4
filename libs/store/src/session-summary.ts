import type { EventDocument, SessionDocument, SessionPartDocument } from './documents';

/** A session summary without its `_id`. */
export type SessionSummary = Omit<SessionDocument, '_id'>;

/** The summary of each session over its parts; sets sorted, so equal summaries compare equal. */
export function mergeParts(parts: readonly SessionPartDocument[]): Map<string, SessionSummary> {
  const merged = new Map<string, SessionSummary>();
  for (const part of parts) {
    const current = merged.get(part.session_id);
    if (!current) {
      merged.set(part.session_id, {
        first_us: part.first_us,
        last_us: part.last_us,
        event_count: part.event_count,
        categories: [...part.categories],
        applications: [...part.applications],
      });
      continue;
    }
    current.first_us = Math.min(current.first_us, part.first_us);
    current.last_us = Math.max(current.last_us, part.last_us);
    current.event_count += part.event_count;
    current.categories = [...new Set([...current.categories, ...part.categories])];
    current.applications = [...new Set([...current.applications, ...part.applications])];
  }
  for (const summary of merged.values()) {
    summary.categories.sort();
    summary.applications.sort();
  }
  return merged;
}

/**
 * The summary of each session recomputed from its valid events (what the kept summaries must
 * equal); sets sorted, like {@link mergeParts}.
 */
export function summarizeEvents(events: Iterable<Pick<EventDocument, 'session_id' | 'ts_us' | 'category' | 'application'>>): Map<string, SessionSummary> {
  const summaries = new Map<string, SessionSummary>();
  for (const event of events) {
    const current = summaries.get(event.session_id) ?? { event_count: 0, first_us: Infinity, last_us: -Infinity, categories: [], applications: [] };
    current.event_count += 1;
    current.first_us = Math.min(current.first_us, event.ts_us);
    current.last_us = Math.max(current.last_us, event.ts_us);
    if (!current.categories.includes(event.category)) current.categories.push(event.category);
    if (!current.applications.includes(event.application)) current.applications.push(event.application);
    summaries.set(event.session_id, current);
  }
  for (const summary of summaries.values()) {
    summary.categories.sort();
    summary.applications.sort();
  }
  return summaries;
}

/** Whether a stored summary says exactly what `merged` says. */
export function sameSummary(stored: SessionDocument | undefined, merged: SessionSummary): boolean {
  return (
    stored !== undefined &&
    stored.first_us === merged.first_us &&
    stored.last_us === merged.last_us &&
    stored.event_count === merged.event_count &&
    sameList(stored.categories, merged.categories) &&
    sameList(stored.applications, merged.applications)
  );
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((value, index) => value === b[index]);
}
