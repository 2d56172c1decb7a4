import type { EventFilters, EyeClient, InvalidEvent, StoredEvent, ErrorFilters } from '@the-eye/client';
import type { Output } from './output';
import { formatFields, formatTable, type Column } from './table';

/** How many items a read command prints, and how. */
export interface ReadOptions {
  /** Most items to print (the pages are fetched as needed). */
  limit: number;
  json: boolean;
}

/** The columns of an event table. */
export const EVENT_COLUMNS: readonly Column<StoredEvent>[] = [
  { heading: 'TIMESTAMP', cell: (event) => event.timestamp },
  { heading: 'ID', cell: (event) => event.id, maxWidth: 36 },
  { heading: 'APPLICATION', cell: (event) => event.application, maxWidth: 24 },
  { heading: 'SESSION', cell: (event) => event.session_id, maxWidth: 36 },
  { heading: 'CATEGORY', cell: (event) => event.category, maxWidth: 24 },
  { heading: 'NAME', cell: (event) => event.name, maxWidth: 24 },
  { heading: 'DATA', cell: (event) => JSON.stringify(event.data), maxWidth: 60 },
];

/** The columns of an invalid-event table. */
export const ERROR_COLUMNS: readonly Column<InvalidEvent>[] = [
  { heading: 'RECEIVED', cell: (error) => error.received_at },
  { heading: 'ID', cell: (error) => error.id, maxWidth: 36 },
  { heading: 'APPLICATION', cell: (error) => error.application, maxWidth: 24 },
  { heading: 'TYPE', cell: (error) => (error.category === undefined && error.name === undefined ? '-' : `${error.category ?? '?'} / ${error.name ?? '?'}`), maxWidth: 40 },
  { heading: 'CODES', cell: (error) => [...new Set(error.issues.map((issue) => issue.code))].join(',') },
  { heading: 'FIRST ISSUE', cell: (error) => error.issues[0]?.message ?? '', maxWidth: 70 },
];

/** Up to `limit` items of an async sequence. */
export async function take<T>(items: AsyncIterable<T>, limit: number): Promise<T[]> {
  const taken: T[] = [];
  if (limit <= 0) return taken;
  for await (const item of items) {
    taken.push(item);
    if (taken.length >= limit) break;
  }
  return taken;
}

/** `events [filters]`: stored events in time order, a table or (`--json`) one JSON array. */
export async function listEvents(client: EyeClient, output: Output, filters: EventFilters, options: ReadOptions): Promise<void> {
  const events = await take(client.events({ ...filters, limit: pageSize(options.limit) }), options.limit);
  printItems(output, events, EVENT_COLUMNS, options, 'no events match');
}

/** `errors [filters]`: invalid events, newest first, a table or (`--json`) one JSON array. */
export async function listErrors(client: EyeClient, output: Output, filters: ErrorFilters, options: ReadOptions): Promise<void> {
  const errors = await take(client.errors({ ...filters, limit: pageSize(options.limit) }), options.limit);
  printItems(output, errors, ERROR_COLUMNS, options, 'no invalid events match');
}

/**
 * `session <id>`: the session's summary, then its events in time order. With `--json` one object:
 * `{"session": <summary or null>, "events": [...]}`. Exit code 1 when the session has no events.
 */
export async function showSession(client: EyeClient, output: Output, sessionId: string, filters: Omit<EventFilters, 'session_id'>, options: ReadOptions): Promise<boolean> {
  const [summary, events] = await Promise.all([
    client.session(sessionId),
    take(client.sessionEvents(sessionId, { ...filters, limit: pageSize(options.limit) }), options.limit),
  ]);
  if (options.json) {
    output.out(JSON.stringify({ session: summary ?? null, events }));
    return summary !== undefined;
  }
  if (summary === undefined) {
    output.err(`no valid events in session ${JSON.stringify(sessionId)}`);
    return false;
  }
  for (const line of formatFields([
    ['session', summary.session_id],
    ['first seen', summary.first_seen],
    ['last seen', summary.last_seen],
    ['events', String(summary.event_count)],
    ['categories', summary.categories.join(', ')],
    ['applications', summary.applications.join(', ')],
  ])) {
    output.out(line);
  }
  output.out('');
  for (const line of formatTable(events, EVENT_COLUMNS.filter((column) => column.heading !== 'SESSION'))) output.out(line);
  if (events.length < summary.event_count && events.length === options.limit) output.err(`(first ${options.limit} events; --limit shows more)`);
  return true;
}

function printItems<T>(output: Output, items: T[], columns: readonly Column<T>[], options: ReadOptions, none: string): void {
  if (options.json) {
    output.out(JSON.stringify(items));
    return;
  }
  if (items.length === 0) {
    output.err(none);
    return;
  }
  for (const line of formatTable(items, columns)) output.out(line);
  if (items.length === options.limit) output.err(`(first ${options.limit}; --limit shows more)`);
}

/** The page size to ask the gateway for when at most `limit` items are wanted. */
function pageSize(limit: number): number {
  return Math.min(Math.max(limit, 1), 1000);
}
