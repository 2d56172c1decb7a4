/** What `flush()` and `close()` wait for, and the summary they resolve with. */
import type { EyeError } from './errors';
import type { QueuedEvent } from './queue';

/** Events that failed for good together (one request), with the reason. */
export interface FlushFailure {
  /** An {@link EyeRequestError} (with the server's `code`) or an {@link EyeNetworkError}. */
  error: EyeError;
  eventIds: string[];
}

/**
 * The outcome of the events a `flush()` or `close()` waited for: every event queued or in
 * flight when it was called, each counted once, as accepted (`202`), failed for good, or dropped
 * by the queue policy while waiting. `accepted + failed + dropped` is their number.
 */
export interface FlushSummary {
  accepted: number;
  failed: number;
  dropped: number;
  failures: FlushFailure[];
  droppedEventIds: string[];
}

/** How an event left the client. */
export type Outcome = 'accepted' | 'failed' | 'dropped';

interface PendingFlush {
  /** The last `seq` tracked before the call: later events are not this flush's concern. */
  upTo: number;
  remaining: number;
  summary: FlushSummary;
  resolve: (summary: FlushSummary) => void;
}

const emptySummary = (): FlushSummary => ({ accepted: 0, failed: 0, dropped: 0, failures: [], droppedEventIds: [] });

/** The flushes in progress; each resolves when its last outstanding event settles. */
export class FlushWaiters {
  private pending: PendingFlush[] = [];

  /** True while some flush waits: the client then sends at once and keeps the process alive. */
  get waiting(): boolean {
    return this.pending.length > 0;
  }

  /**
   * A flush of the `outstanding` events queued or in flight now, all of which have `seq <= upTo`
   * (every event still unsettled with such a `seq` is one of them).
   */
  wait(upTo: number, outstanding: number): Promise<FlushSummary> {
    if (outstanding === 0) return Promise.resolve(emptySummary());
    return new Promise((resolve) => {
      this.pending.push({ upTo, remaining: outstanding, summary: emptySummary(), resolve });
    });
  }

  /** Records how `events` ended; `error` for failures. */
  settle(events: readonly QueuedEvent[], outcome: Outcome, error?: EyeError): void {
    if (this.pending.length === 0) return;
    for (const flush of this.pending) {
      const mine = events.filter((event) => event.seq <= flush.upTo);
      if (mine.length === 0) continue;
      const { summary } = flush;
      summary[outcome] += mine.length;
      if (outcome === 'failed' && error) summary.failures.push({ error, eventIds: mine.map((event) => event.id) });
      if (outcome === 'dropped') summary.droppedEventIds.push(...mine.map((event) => event.id));
      flush.remaining -= mine.length;
    }
    const done = this.pending.filter((flush) => flush.remaining <= 0);
    this.pending = this.pending.filter((flush) => flush.remaining > 0);
    for (const flush of done) flush.resolve(flush.summary);
  }
}
