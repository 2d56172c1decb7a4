import type { ErrorFilters, EventFilters, EyeClient, InvalidEvent, StoredEvent } from '@the-eye/client';
import type { Output } from './output';

/** What `tail` follows and for how long. */
export interface TailOptions {
  what: 'events' | 'errors';
  /** Event filters (`events`) or error filters (`errors`); `from`, `to` and `order` are the tail's own. */
  filters: Omit<EventFilters, 'from' | 'to' | 'order' | 'limit'> & Omit<ErrorFilters, 'from' | 'to' | 'limit'>;
  json: boolean;
  /** Milliseconds between polls of the gateway. */
  intervalMs: number;
  /** Also show items up to this far before the start (ms). */
  sinceMs: number;
  /** How late (ms) an item may show up after its time and still be printed. */
  lagMs: number;
  /** Stop after this long (ms); never when omitted. */
  forMs?: number;
  /** Stop after printing this many items; never when omitted. */
  max?: number;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Follows new events (by event `timestamp`) or new invalid events (by `received_at`) by polling the
 * gateway: each poll lists the items of the last `lagMs` (never before the start minus `sinceMs`),
 * prints those not printed before, oldest first, and forgets ids older than the window. An event
 * whose timestamp is older than `lagMs` when it is stored is therefore not shown (a back-fill);
 * `eye events --from` finds those. Returns how many items were printed.
 */
export async function tail(client: EyeClient, output: Output, options: TailOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const started = now();
  const earliest = started - options.sinceMs;
  const seen = new Map<string, number>();
  let printed = 0;
  const done = () => options.signal?.aborted === true || (options.max !== undefined && printed >= options.max) || (options.forMs !== undefined && now() - started >= options.forMs);

  while (!done()) {
    const from = Math.max(earliest, now() - options.lagMs);
    const items = options.what === 'events' ? await newEvents(client, options, from) : await newErrors(client, options, from);
    for (const item of items) {
      if (seen.has(item.key)) continue;
      seen.set(item.key, item.at);
      output.out(options.json ? JSON.stringify(item.value) : item.line);
      printed += 1;
      if (done()) break;
    }
    for (const [key, at] of seen) if (at < from - 1_000) seen.delete(key);
    if (done()) break;
    await pause(options.intervalMs, options.signal);
  }
  return printed;
}

interface TailItem {
  key: string;
  /** The item's time in ms: the event's timestamp or the invalid event's receipt. */
  at: number;
  value: StoredEvent | InvalidEvent;
  line: string;
}

async function newEvents(client: EyeClient, options: TailOptions, from: number): Promise<TailItem[]> {
  const { session_id, category, name, application } = options.filters;
  const items: TailItem[] = [];
  for await (const event of client.events({ session_id, category, name, application, from: new Date(from), order: 'asc', limit: 1000 })) {
    items.push({
      key: `${event.application}/${event.id}`,
      at: Date.parse(event.timestamp),
      value: event,
      line: `${event.timestamp}  ${event.application}  ${event.session_id}  ${event.category} / ${event.name}  ${event.id}  ${JSON.stringify(event.data)}`,
    });
  }
  return items;
}

async function newErrors(client: EyeClient, options: TailOptions, from: number): Promise<TailItem[]> {
  const { category, name, code, application } = options.filters;
  const items: TailItem[] = [];
  for await (const error of client.errors({ category, name, code, application, from: new Date(from), limit: 1000 })) {
    const codes = [...new Set(error.issues.map((issue) => issue.code))].join(',');
    items.push({
      key: `${error.application}/${error.id}`,
      at: Date.parse(error.received_at),
      value: error,
      line: `${error.received_at}  ${error.application}  ${error.id}  ${codes}  ${error.issues[0]?.message ?? ''}`,
    });
  }
  // Newest first from the gateway; printed oldest first.
  return items.reverse();
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
