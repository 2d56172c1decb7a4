import { EyeRequestError } from './errors';
import { FlushWaiters } from './flush';
import type { QueuedEvent } from './queue';

const event = (seq: number): QueuedEvent => ({ id: `e${seq}`, seq, json: '{}', bytes: 2 });

describe('FlushWaiters', () => {
  it('resolves at once when nothing is outstanding', async () => {
    expect(await new FlushWaiters().wait(10, 0)).toEqual({ accepted: 0, failed: 0, dropped: 0, failures: [], droppedEventIds: [] });
  });

  it('resolves when its last event settles, counting only events tracked before it', async () => {
    const waiters = new FlushWaiters();
    const first = waiters.wait(3, 3);
    let resolved = false;
    void first.then(() => (resolved = true));
    const error = new EyeRequestError({ status: 401, code: 'unauthenticated', message: 'no', eventIds: ['e2', 'e4'] });

    waiters.settle([event(1)], 'accepted');
    waiters.settle([event(2), event(4)], 'failed', error);
    await Promise.resolve();
    expect(resolved).toBe(false);
    expect(waiters.waiting).toBe(true);

    const second = waiters.wait(5, 2);
    waiters.settle([event(3)], 'dropped');
    expect(await first).toEqual({
      accepted: 1,
      failed: 1,
      dropped: 1,
      failures: [{ error, eventIds: ['e2'] }],
      droppedEventIds: ['e3'],
    });
    waiters.settle([event(5)], 'accepted');
    expect(await second).toMatchObject({ accepted: 1, dropped: 1, failed: 0 });
    expect(waiters.waiting).toBe(false);
  });
});
