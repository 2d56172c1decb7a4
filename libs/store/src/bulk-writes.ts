import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { duplicateIndexes } from './errors';

/**
 * Most update statements sent in one command. FerretDB 1.24 (SQLite) stops answering, for good,
 * when one `update` command holds 100 statements that match existing documents, or a few
 * concurrent commands hold about 150 between them; 25 leaves room for several validators.
 */
export const UPDATE_CHUNK = 25;

/**
 * Inserts `documents` with one unordered bulk insert and returns the indexes of those whose
 * `_id` (or another unique key) was already there. Duplicate keys are expected here, not
 * failures; any other error is thrown as a {@link StoreUnavailableError}.
 */
export async function insertNew<T extends { _id: string }>(collection: Collection<T>, documents: readonly T[]): Promise<Set<number>> {
  if (documents.length === 0) return new Set();
  try {
    // The driver's types want OptionalUnlessRequiredId<T>; our documents always carry _id.
    await collection.insertMany(documents as unknown as Parameters<Collection<T>['insertMany']>[0], { ordered: false });
    return new Set();
  } catch (error) {
    return duplicateIndexes(error);
  }
}

/**
 * Runs update operations unordered, {@link UPDATE_CHUNK} per command (`beforeEachChunk` may throw
 * to stop before the next one), and returns the indexes
 * (into `operations`) of those refused for a duplicate key; any other error is thrown as a
 * {@link StoreUnavailableError}.
 */
export async function updateInChunks<T extends Document>(
  collection: Collection<T>,
  operations: readonly AnyBulkWriteOperation<T>[],
  options: { beforeEachChunk?: () => void } = {},
): Promise<Set<number>> {
  const duplicates = new Set<number>();
  for (let start = 0; start < operations.length; start += UPDATE_CHUNK) {
    options.beforeEachChunk?.();
    try {
      await collection.bulkWrite(operations.slice(start, start + UPDATE_CHUNK), { ordered: false });
    } catch (error) {
      for (const index of duplicateIndexes(error)) duplicates.add(start + index);
    }
  }
  return duplicates;
}
