import { BSON, MongoError, MongoErrorLabel } from 'mongodb';

/** MongoDB's code for an insert refused by a unique index: the key is stored already. */
export const DUPLICATE_KEY = 11000;

/**
 * Driver errors that say the server could not be reached or answered, not that it refused what
 * was sent: network, timeouts, server selection, a closed pool or client.
 */
const TRANSIENT_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoServerClosedError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoClientClosedError',
  'MongoOperationTimeoutError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoStalePrimaryError',
  'MongoWriteConcernError',
]);

/**
 * Server codes that say "not now": the node is shutting down, stepping down or not primary, the
 * network or a time limit failed, a write concern could not be confirmed yet (the MongoDB
 * retryable-writes list plus time limits and write-concern timeouts).
 */
const TRANSIENT_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  24, // LockTimeout
  46, // LockBusy
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed (wtimeout): the write may be there; a retry finds it as a duplicate
  89, // NetworkTimeout
  91, // ShutdownInProgress
  112, // WriteConflict
  133, // FailedToSatisfyReadPreference
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

const TRANSIENT_LABELS = [MongoErrorLabel.RetryableWriteError, MongoErrorLabel.ResetPool, MongoErrorLabel.PoolRequestedRetry, MongoErrorLabel.TransientTransactionError];

/**
 * Whether a failed call may succeed later unchanged (the database is away, busy or failing over),
 * as opposed to refused for what was sent. Decided here, where driver errors enter the store.
 */
export function isTransientMongoError(error: unknown): boolean {
  if (!(error instanceof MongoError)) return false;
  if (TRANSIENT_ERROR_NAMES.has(error.name)) return true;
  if (typeof error.code === 'number' && TRANSIENT_CODES.has(error.code)) return true;
  if (TRANSIENT_LABELS.some((label) => error.hasErrorLabel(label))) return true;
  // An unordered insert whose only failure is the write concern: the documents were written.
  const bulk = error as { writeErrors?: unknown; err?: unknown };
  return bulk.err !== undefined && (bulk.writeErrors === undefined || (Array.isArray(bulk.writeErrors) && bulk.writeErrors.length === 0));
}

/** Whether an error comes from the database or the driver's encoding at all (anything else is a bug of ours). */
export function isDatabaseError(error: unknown): boolean {
  return error instanceof MongoError || BSON.BSONError.isBSONError(error);
}

/** One document's write error inside an unordered bulk insert. */
export interface DocumentWriteError {
  /** Position in the documents sent. */
  index: number;
  code: number | undefined;
  message: string;
}

/** The per-document errors of a failed unordered insert (empty when the failure is not per document). */
export function documentWriteErrors(error: unknown): DocumentWriteError[] {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return (list as { index?: unknown; code?: unknown; errmsg?: unknown }[])
    .filter((item) => typeof item.index === 'number')
    .map((item) => ({
      index: item.index as number,
      code: typeof item.code === 'number' ? item.code : undefined,
      message: typeof item.errmsg === 'string' ? item.errmsg : 'refused',
    }));
}

/**
 * Why the database refused a document, in words fit for the event's issue: the kind of refusal,
 * not the driver's text (which can carry the document's values).
 */
export function refusalReason(error: { code?: number; name?: string } | DocumentWriteError): string {
  if ('name' in error && typeof error.name === 'string' && error.name.startsWith('BSON')) return 'the event cannot be encoded as BSON';
  switch (error.code) {
    case 2:
      return 'the database refused a value or key of the event (BadValue)';
    case 10334:
    case 17419:
      return 'the event is too large for one database document';
    case 1:
      return 'the database failed to store this event (InternalError)';
    default:
      return error.code === undefined ? 'the database refused to store this event' : `the database refused to store this event (code ${error.code})`;
  }
}
