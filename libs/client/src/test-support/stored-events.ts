/**
 * What the pipeline stored, read straight from the stack's database: the `events` collection (see
 * `COLLECTIONS` in libs/store), one document per event, valid or invalid.
 */
import { MongoClient } from 'mongodb';

/** The `event_id` of every stored event, valid or invalid (duplicates kept, to be counted). */
export async function storedEventIds(mongoUrl: string): Promise<string[]> {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  try {
    const ids: string[] = [];
    const cursor = client.db().collection<{ event_id: string }>('events').find({}, { projection: { _id: 0, event_id: 1 } });
    for await (const document of cursor) ids.push(document.event_id);
    return ids;
  } finally {
    await client.close();
  }
}

/** How many events are stored, valid or invalid. */
export async function countStoredEvents(mongoUrl: string): Promise<number> {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  try {
    return await client.db().collection('events').countDocuments();
  } finally {
    await client.close();
  }
}
