import { connectMongo, type MongoLink } from '@eye/store';
import type { Db } from 'mongodb';
import { cliConfig } from './config';

/** Runs `action` with The Eye's database (`EYE_MONGO_URL`) and closes the connection afterwards. */
export async function withDatabase<T>(action: (db: Db) => Promise<T>): Promise<T> {
  let mongo: MongoLink | undefined;
  try {
    mongo = await connectMongo({ url: cliConfig().EYE_MONGO_URL, appName: 'eye-cli' });
    return await action(mongo.db);
  } finally {
    await mongo?.close();
  }
}
