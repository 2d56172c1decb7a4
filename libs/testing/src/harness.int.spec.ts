import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { MongoClient } from 'mongodb';
import {
  canConnect,
  databaseName,
  startMongoServer,
  startNatsServer,
  stopNatsServer,
  testMongoUrl,
  testNatsMonitorUrl,
  testNatsUrl,
  uniqueSuffix,
  type MongoServer,
  type NatsServer,
} from './index';

async function withNats<T>(url: string, use: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    return await use(nc);
  } finally {
    await nc.close();
  }
}

describe('the jest global setup', () => {
  it('provides a nats-server with JetStream', async () => {
    const health = await fetch(`${testNatsMonitorUrl()}/healthz?js-enabled-only=true`);
    expect(health.status).toBe(200);

    const name = `HARNESS_${uniqueSuffix()}`;
    await withNats(testNatsUrl(), async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name, subjects: [`harness.${name}`], storage: StorageType.File });
      await jetstream(nc).publish(`harness.${name}`, 'one', { msgID: 'm1' });
      const duplicate = await jetstream(nc).publish(`harness.${name}`, 'one', { msgID: 'm1' });
      expect(duplicate.duplicate).toBe(true);
      expect((await jsm.streams.info(name)).state.messages).toBe(1);
      await jsm.streams.delete(name);
    });
  });

  it('provides a MongoDB-wire database, a fresh one per testMongoUrl()', async () => {
    const url = testMongoUrl();
    expect(databaseName(url)).toMatch(/^eye_test_/);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
    try {
      const events = client.db().collection<{ _id: string; n: number }>('events');
      expect(await events.countDocuments()).toBe(0);
      await events.insertOne({ _id: 'e1', n: 1 });
      expect(await events.findOne({ _id: 'e1' })).toEqual({ _id: 'e1', n: 1 });
      await expect(events.insertOne({ _id: 'e1', n: 2 })).rejects.toMatchObject({ code: 11000 });
      await client.db().dropDatabase();
    } finally {
      await client.close();
    }
  });
});

describe('startNatsServer', () => {
  let server: NatsServer | undefined;
  afterEach(async () => {
    await server?.destroy();
    server = undefined;
  });

  it('stops and starts again on the same port with the same storage, keeping its streams', async () => {
    server = await startNatsServer();
    const { url, port, storeDir } = server;
    await withNats(url, async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'KEPT', subjects: ['kept.>'], storage: StorageType.File });
      await jetstream(nc).publish('kept.a', 'before the restart');
    });

    await stopNatsServer(server, { signal: 'SIGKILL' });
    expect(server.running).toBe(false);
    expect(await canConnect(port)).toBe(false);

    await server.start();
    expect(server.running).toBe(true);
    expect(server.url).toBe(url);
    expect(server.storeDir).toBe(storeDir);
    await withNats(url, async (nc) => {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info('KEPT');
      expect(info.state.messages).toBe(1);
      const message = await jsm.streams.getMessage('KEPT', { seq: 1 });
      expect(message?.string()).toBe('before the restart');
    });
  });

  it('can fsync every write (sync_interval: always)', async () => {
    server = await startNatsServer({ syncAlways: true });
    const jsz = (await (await fetch(`${server.monitorUrl}/jsz?config=true`)).json()) as {
      config: { sync_always?: boolean };
    };
    expect(jsz.config.sync_always).toBe(true);
  });
});

describe('startMongoServer', () => {
  let server: MongoServer | undefined;
  afterEach(async () => {
    await server?.destroy();
    server = undefined;
  });

  it('stops and starts again on the same port with the same data', async () => {
    server = await startMongoServer();
    const url = `${server.url}harness?retryWrites=false`;
    const write = new MongoClient(url);
    await write.db().collection('kept').insertOne({ _id: 'k' as never, note: 'before the restart' });
    await write.close();

    await server.stop();
    expect(await canConnect(server.port)).toBe(false);
    await server.start();

    const read = new MongoClient(url);
    try {
      expect(await read.db().collection('kept').findOne({})).toEqual({ _id: 'k', note: 'before the restart' });
    } finally {
      await read.close();
    }
  });
});
