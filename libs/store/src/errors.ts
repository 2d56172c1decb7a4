/** MongoDB could not take or answer the operation now; it may succeed later. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isStoreUnavailableError(error: unknown): error is StoreUnavailableError {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}

const DUPLICATE_KEY = 11000;

/** Indexes (into the attempted documents) of the duplicate-key write errors of a bulk write; throws on any other error. */
export function duplicateIndexes(error: unknown): Set<number> {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (list.length === 0) throw new StoreUnavailableError(`MongoDB write failed: ${(error as Error).message}`, { cause: error });
  const duplicates = new Set<number>();
  for (const item of list as { code?: number; index?: number }[]) {
    if (item.code !== DUPLICATE_KEY || typeof item.index !== 'number') {
      throw new StoreUnavailableError(`MongoDB write failed: ${(error as Error).message}`, { cause: error });
    }
    duplicates.add(item.index);
  }
  return duplicates;
}
