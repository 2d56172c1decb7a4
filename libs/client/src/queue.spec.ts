import { EventQueue, type QueuedEvent } from './queue';

const event = (seq: number, json = `{"n":${seq}}`): QueuedEvent => ({ id: `e${seq}`, seq, json, bytes: Buffer.byteLength(json) });

describe('EventQueue', () => {
  it('is first in, first out', () => {
    const queue = new EventQueue(10);
    [1, 2, 3].forEach((n) => queue.push(event(n)));
    expect(queue.take(2, Infinity).map((e) => e.seq)).toEqual([1, 2]);
    expect(queue.take(5, Infinity).map((e) => e.seq)).toEqual([3]);
    expect(queue.length).toBe(0);
  });

  it('drops the oldest queued event when full, and returns it', () => {
    const queue = new EventQueue(3);
    const dropped = [1, 2, 3, 4, 5].map((n) => queue.push(event(n)));
    expect(dropped.map((e) => e?.seq)).toEqual([undefined, undefined, undefined, 1, 2]);
    expect(queue.length).toBe(3);
    expect(queue.take(10, Infinity).map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it('never drops events already taken', () => {
    const queue = new EventQueue(2);
    queue.push(event(1));
    queue.push(event(2));
    const inFlight = queue.take(2, Infinity);
    expect([3, 4].map((n) => queue.push(event(n)))).toEqual([undefined, undefined]);
    expect(queue.push(event(5))?.seq).toBe(3);
    expect(inFlight.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('bounds a batch by JSON bytes, but always takes at least one event', () => {
    const queue = new EventQueue(10);
    queue.push(event(1, 'x'.repeat(40)));
    queue.push(event(2, 'x'.repeat(40)));
    queue.push(event(3, 'x'.repeat(100)));
    expect(queue.take(10, 81).map((e) => e.seq)).toEqual([1, 2]);
    expect(queue.take(10, 81).map((e) => e.seq)).toEqual([3]);
  });

  it('stays in order across its internal compaction', () => {
    const queue = new EventQueue(5_000);
    for (let n = 1; n <= 5_000; n++) queue.push(event(n));
    const seen: number[] = [];
    for (let n = 5_001; n <= 9_000; n++) {
      seen.push(...queue.take(3, Infinity).map((e) => e.seq));
      queue.push(event(n));
    }
    seen.push(...queue.take(100_000, Infinity).map((e) => e.seq));
    expect(seen).toEqual(Array.from({ length: 9_000 }, (_, i) => i + 1));
  });
});
