import { testMongoUrl } from '@eye/testing';
import { MongoClient } from 'mongodb';
import { LiveEventTypeRegistry } from './live-event-type-registry';
import { RegisteredEventTypes } from './registered-event-types';

describe('LiveEventTypeRegistry', () => {
  it('starts with built-ins plus registered types and follows registrations and removals', async () => {
    const client = await MongoClient.connect(testMongoUrl());
    const changes: number[] = [];
    const live = new LiveEventTypeRegistry({ db: client.db(), refreshMs: 100, onChange: ({ types }) => changes.push(types) });
    const types = new RegisteredEventTypes(client.db());
    try {
      await types.register({ category: 'video', name: 'play', dataSchema: { type: 'object' } });
      await live.start();
      const first = live.current();
      expect(first.get('video', 'play')).toBeDefined();
      expect(first.get('page interaction', 'pageview')).toBeDefined();

      await types.register({ category: 'video', name: 'stop', dataSchema: { type: 'object' } });
      await waitFor(() => live.current().get('video', 'stop') !== undefined);
      await types.remove('video', 'play');
      await waitFor(() => live.current().get('video', 'play') === undefined);
      expect(changes).toEqual([4, 5, 4]);
      // The registry in hand stays as it was: a batch validates with one registry throughout.
      expect(first.get('video', 'stop')).toBeUndefined();
    } finally {
      live.stop();
      await client.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
