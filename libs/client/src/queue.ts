/** A bounded FIFO of events waiting to be sent; when full, the oldest queued event is dropped. */

/** One event waiting to be sent, already serialized (so later changes to its data do not leak in). */
export interface QueuedEvent {
  /** The event's `event_id`. */
  readonly id: string;
  /** Order of `track()` calls, from 1. */
  readonly seq: number;
  /** The event object's JSON text, as it goes into the batch. */
  readonly json: string;
  /** Its length in UTF-8 bytes. */
  readonly bytes: number;
}

/**
 * A FIFO with a capacity. {@link EventQueue.push} beyond the capacity drops the oldest queued
 * event and returns it: events already taken (in flight) are never dropped, and the caller is
 * the one that reports the drop.
 */
export class EventQueue {
  private items: QueuedEvent[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  /** Events queued. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds `event` at the end; returns the event dropped to make room, if any. */
  push(event: QueuedEvent): QueuedEvent | undefined {
    this.items.push(event);
    return this.length > this.capacity ? this.shift() : undefined;
  }

  /**
   * Removes and returns the oldest events: at most `maxCount`, and no more than `maxBytes` of
   * JSON together (counting one comma between each) — but always at least one event.
   */
  take(maxCount: number, maxBytes: number): QueuedEvent[] {
    const taken: QueuedEvent[] = [];
    let bytes = 0;
    while (taken.length < maxCount && this.length > 0) {
      const next = this.items[this.head] as QueuedEvent;
      const size = next.bytes + (taken.length > 0 ? 1 : 0);
      if (taken.length > 0 && bytes + size > maxBytes) break;
      bytes += size;
      taken.push(this.shift() as QueuedEvent);
    }
    return taken;
  }

  private shift(): QueuedEvent | undefined {
    if (this.length === 0) return undefined;
    const event = this.items[this.head];
    this.head += 1;
    // Compact now and then instead of Array#shift, which is O(n) on a 10,000-event queue.
    if (this.head >= 1_024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return event;
  }
}
