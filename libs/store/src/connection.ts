import { MongoClient, type Db } from 'mongodb';

export interface MongoConnectOptions {
  url: string;
  /** Shown in the server's logs, e.g. `eye-validator`. */
  appName: string;
}

export interface MongoLink {
  client: MongoClient;
  db: Db;
  /** True when the server answers a ping now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects with the official driver. Unless the URL says otherwise, `retryWrites=false`: our
 * writes are idempotent and retried by the caller, and FerretDB (not a replica set) would report
 * a retried insert that had succeeded as a duplicate. The database is the one named in the URL.
 */
export async function connectMongo(options: MongoConnectOptions): Promise<MongoLink> {
  const url = new URL(options.url);
  if (!url.searchParams.has('retryWrites')) url.searchParams.set('retryWrites', 'false');
  const client = new MongoClient(url.toString(), {
    appName: options.appName,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    ignoreUndefined: true,
  });
  await client.connect();
  const db = client.db(url.pathname.replace(/^\//, '') || 'eye');
  return {
    client,
    db,
    ping: async () => {
      try {
        await db.command({ ping: 1 }, { timeoutMS: 2_000 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}
