import { testMongoUrl } from '@eye/testing';
import { MongoClient } from 'mongodb';
import { isEventTypeChangeError, RegisteredEventTypes } from './registered-event-types';

const videoSchema = { type: 'object', properties: { video_id: { type: 'string', minLength: 1 } }, required: ['video_id'] };

describe('RegisteredEventTypes', () => {
  let client: MongoClient;
  let types: RegisteredEventTypes;

  beforeEach(async () => {
    client = await MongoClient.connect(testMongoUrl());
    types = new RegisteredEventTypes(client.db());
  });
  afterEach(() => client.close());

  async function refusal(action: () => Promise<unknown>): Promise<string> {
    try {
      await action();
    } catch (error) {
      if (isEventTypeChangeError(error)) return error.code;
      throw error;
    }
    return 'accepted';
  }

  it('registers, lists (strict schema stored), replaces only when asked, removes', async () => {
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema, description: 'A video started.' });
    expect(await types.list()).toEqual([
      expect.objectContaining({ category: 'video', name: 'play', description: 'A video started.', dataSchema: { ...videoSchema, additionalProperties: false } }),
    ]);
    expect(await refusal(() => types.register({ category: 'video', name: 'play', dataSchema: videoSchema }))).toBe('exists');
    const replaced = await types.register({ category: 'video', name: 'play', dataSchema: { type: 'object' }, replace: true });
    expect(replaced.updatedAt).toBeInstanceOf(Date);
    expect((await types.loadRegistry()).registry.get('video', 'play')?.data.shape).toEqual({});
    await types.remove('video', 'play');
    expect(await types.list()).toEqual([]);
    expect(await refusal(() => types.remove('video', 'play'))).toBe('not_found');
  });

  it('refuses built-in types and unusable schemas', async () => {
    expect(await refusal(() => types.register({ category: 'page interaction', name: 'pageview', dataSchema: { type: 'object' } }))).toBe('built_in');
    expect(await refusal(() => types.remove('form interaction', 'submit'))).toBe('built_in');
    expect(await refusal(() => types.register({ category: 'c', name: 'n', dataSchema: { type: 'object', additionalProperties: true } }))).toBe('invalid_schema');
  });

  it('loads built-ins plus registered types, leaving out (and naming) stored schemas that no longer convert', async () => {
    await types.register({ category: 'video', name: 'play', dataSchema: videoSchema });
    await client.db().collection('event_types').insertOne({ _id: 'bad' as never, category: 'bad', name: 'type', data_schema_json: '{"type":"string"}', registered_at: new Date() });
    const { registry, unusable } = await types.loadRegistry();
    expect(registry.list().map((type) => `${type.category}/${type.name}`)).toEqual([
      'page interaction/pageview',
      'page interaction/cta click',
      'form interaction/submit',
      'video/play',
    ]);
    expect(unusable).toEqual([{ category: 'bad', name: 'type', reason: expect.stringMatching(/"type": "object"/) }]);
  });
});
