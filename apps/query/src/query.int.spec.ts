import { QueryServiceClient, SortOrder } from '@eye/contracts';
import { callUnary, checkHealth, CLIENT_CHANNEL_OPTIONS } from '@eye/rpc';
import { connectMongo, EventWriter, minuteOf, receivedFields, RegisteredEventTypes, type EventDocument, type MongoLink } from '@eye/store';
import { createTestApplication, freePort, startService, testMongoUrl, type ServiceProcess, type TestApplication } from '@eye/testing';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'node:path';

const T = 1_609_492_527_243_860;
let query: ServiceProcess;
let address: string;
let client: QueryServiceClient;
let mongo: MongoLink;
let reader: TestApplication;
let ingestOnly: TestApplication;

function event(id: string, tsUs: number, seq: number): EventDocument {
  return {
    ...receivedFields({ application: 'seeded', eventId: id, receivedMicros: 1_767_225_600_000_000, seq }),
    session_id: 'session-a',
    category: 'page interaction',
    name: 'pageview',
    data: { host: 'www.consumeraffairs.com', path: '/' },
    ts_us: tsUs,
    ts_min: minuteOf(tsUs),
    timestamp: new Date(Math.floor(tsUs / 1000)),
    valid: true,
  };
}

beforeAll(async () => {
  const mongoUrl = testMongoUrl();
  const [grpcPort, opsPort] = await Promise.all([freePort(), freePort()]);
  address = `127.0.0.1:${grpcPort}`;
  mongo = await connectMongo({ url: mongoUrl, appName: 'query-int-test' });
  [query, reader, ingestOnly] = await Promise.all([
    startService('query', { env: { EYE_MONGO_URL: mongoUrl, EYE_QUERY_ADDR: address, EYE_METRICS_PORT: String(opsPort) } }),
    createTestApplication(mongoUrl, { scopes: ['query'] }),
    createTestApplication(mongoUrl, { scopes: ['ingest'] }),
  ]);
  await new EventWriter(mongo.db).insert([event('one', T, 1), event('two', T + 1, 2)]);
  client = new QueryServiceClient(address, grpc.credentials.createInsecure(), CLIENT_CHANNEL_OPTIONS);
});

afterAll(async () => {
  client?.close();
  await query?.stop();
  await mongo?.db.dropDatabase();
  await mongo?.close();
});

const as = (app: TestApplication | undefined) => ({ authorization: app ? `Bearer ${app.token}` : undefined, timeoutMs: 10_000 });

describe('the query service over gRPC', () => {
  it('answers grpc.health.v1 as SERVING', async () => {
    expect(await checkHealth(address, 2_000)).toBe(true);
  });

  it('lists its services through server reflection, so grpcurl can use it', async () => {
    const root = join(require.resolve('@grpc/reflection/package.json'), '..', 'build', 'proto');
    const definition = protoLoader.loadSync(join(root, 'grpc/reflection/v1/reflection.proto'), { includeDirs: [root], keepCase: true });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client } } };
    };
    const reflection = new loaded.grpc.reflection.v1.ServerReflection(address, grpc.credentials.createInsecure());
    type Response = { list_services_response?: { service: { name: string }[] }; file_descriptor_response?: { file_descriptor_proto: Buffer[] } };
    const ask = (request: object) =>
      new Promise<Response>((resolve, reject) => {
        const stream = (reflection as unknown as { ServerReflectionInfo(): grpc.ClientDuplexStream<object, Response> }).ServerReflectionInfo();
        stream.on('data', (response: Response) => {
          resolve(response);
          stream.end();
        });
        stream.on('error', reject);
        stream.write(request);
      });
    const listed = await ask({ list_services: '' });
    const described = await ask({ file_containing_symbol: 'eye.v1.QueryService' });
    reflection.close();
    expect((listed.list_services_response?.service ?? []).map((service) => service.name)).toContain('eye.v1.QueryService');
    // The descriptors a generic client needs to build calls: the service and the messages it uses.
    const descriptors = (described.file_descriptor_response?.file_descriptor_proto ?? []).map((bytes) => Buffer.from(bytes).toString('latin1')).join('');
    for (const symbol of ['QueryService', 'ListEventsRequest', 'StoredEvent', 'InvalidEvent', 'GetStatsResponse', 'ListEventTypesResponse']) expect(descriptors).toContain(symbol);
  });

  it('reads with a query-scoped token', async () => {
    const response = await callUnary(client, client.listEvents, { order: SortOrder.SORT_ORDER_DESC, limit: 1 }, as(reader));
    expect(response.events.map((e) => e.id)).toEqual(['two']);
    expect(response.nextCursor).toEqual(expect.any(String));
    const next = await callUnary(client, client.listEvents, { order: SortOrder.SORT_ORDER_DESC, limit: 1, cursor: response.nextCursor }, as(reader));
    expect(next.events.map((e) => e.id)).toEqual(['one']);
    expect(next.nextCursor).toBeUndefined();
    const one = await callUnary(client, client.getEvent, { id: 'one' }, as(reader));
    expect(one.event).toMatchObject({ id: 'one', application: 'seeded', timestamp: '2021-01-01T09:15:27.243860Z', dataJson: '{"host":"www.consumeraffairs.com","path":"/"}' });
  });

  it('refuses a missing token, and a token without the query scope', async () => {
    await expect(callUnary(client, client.getStats, {}, as(undefined))).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(callUnary(client, client.getStats, {}, { authorization: 'Bearer nope', timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(callUnary(client, client.getStats, {}, as(ingestOnly))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('answers bad parameters with invalid_query and unknown ids with not_found', async () => {
    await expect(callUnary(client, client.listEvents, { order: SortOrder.SORT_ORDER_ASC, limit: 1_001 }, as(reader))).rejects.toMatchObject({ code: 'invalid_query' });
    await expect(callUnary(client, client.listEvents, { order: SortOrder.SORT_ORDER_ASC, limit: 0, from: 'soon' }, as(reader))).rejects.toMatchObject({ code: 'invalid_query' });
    await expect(callUnary(client, client.listEvents, { order: SortOrder.SORT_ORDER_ASC, limit: 0, cursor: 'bm90IG91cnM' }, as(reader))).rejects.toMatchObject({ code: 'invalid_query' });
    await expect(callUnary(client, client.getEvent, { id: 'missing' }, as(reader))).rejects.toMatchObject({ code: 'not_found' });
    await expect(callUnary(client, client.getSession, { sessionId: 'missing' }, as(reader))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists the event types: built-ins and registered ones, with the JSON Schema of their data', async () => {
    await new RegisteredEventTypes(mongo.db).register({ category: 'video', name: 'play', dataSchema: { type: 'object', properties: { position_s: { type: 'number' } } } });
    const { eventTypes } = await callUnary(client, client.listEventTypes, {}, as(reader));
    expect(eventTypes.map(({ category, name, builtIn }) => ({ category, name, builtIn }))).toEqual([
      { category: 'page interaction', name: 'pageview', builtIn: true },
      { category: 'page interaction', name: 'cta click', builtIn: true },
      { category: 'form interaction', name: 'submit', builtIn: true },
      { category: 'video', name: 'play', builtIn: false },
    ]);
    expect(JSON.parse(eventTypes[3]?.schemaJson ?? '')).toMatchObject({ type: 'object', properties: { position_s: { type: 'number' } }, additionalProperties: false });
    await expect(callUnary(client, client.listEventTypes, {}, as(ingestOnly))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('counts the events received per minute, and refuses a window over 24 hours', async () => {
    const received = 1_767_225_600_000;
    const timeline = await callUnary(client, client.getStatsTimeline, { from: new Date(received - 60_000).toISOString(), to: new Date(received + 120_000).toISOString() }, as(reader));
    expect(timeline).toEqual({
      from: '2025-12-31T23:59:00.000000Z',
      to: '2026-01-01T00:02:00.000000Z',
      intervalS: 60,
      buckets: [
        { start: '2025-12-31T23:59:00.000000Z', valid: 0, invalid: 0 },
        { start: '2026-01-01T00:00:00.000000Z', valid: 2, invalid: 0 },
        { start: '2026-01-01T00:01:00.000000Z', valid: 0, invalid: 0 },
      ],
    });
    await expect(callUnary(client, client.getStatsTimeline, { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:01Z' }, as(reader))).rejects.toMatchObject({ code: 'invalid_query' });
    await expect(callUnary(client, client.getStatsTimeline, {}, as(ingestOnly))).rejects.toMatchObject({ code: 'forbidden' });
  });
});
