/**
 * MongoDB for The Eye: the collections and their document shapes, every index in one place,
 * and the repositories that write and read them.
 */
export { connectMongo, type MongoLink, type MongoConnectOptions } from './connection';
export { COLLECTIONS, eventKey, type EventDocument, type InvalidEventDocument, type SessionDocument, type IssueDocument } from './documents';
export { INDEXES, ensureIndexes } from './indexes';
export { EventWriter, type BatchWriteResult } from './event-writer';
export { summarizeEvents, sameSummary, type SessionSummary } from './session-summary';
export { StoreUnavailableError, isStoreUnavailableError } from './errors';
export { InvalidQueryError, isInvalidQueryError } from './cursor';
export { EventReader } from './event-reader';
export { InvalidEventReader } from './invalid-event-reader';
export { StatsReader, type ReceivedStats, type TypeCounts } from './stats-reader';
export type { Page, MicrosWindow } from './keyset';
export type { ReaderOptions } from './read-options';
export {
  MAX_PAGE_LIMIT,
  DEFAULT_PAGE_LIMIT,
  type EventFilter,
  type EventListQuery,
  type InvalidEventFilter,
  type InvalidEventListQuery,
} from './read-queries';
export { allQueryShapes, describeShape, type QueryShape, type ListOrder } from './query-shapes';
export {
  RegisteredEventTypes,
  EventTypeChangeError,
  isEventTypeChangeError,
  eventTypeId,
  EVENT_TYPES_COLLECTION,
  type EventTypeDocument,
  type EventTypeChangeCode,
  type EventTypeRegistration,
  type RegisteredEventType,
  type UnusableEventType,
  type LoadedRegistry,
} from './registered-event-types';
export { LiveEventTypeRegistry, type LiveEventTypeRegistryOptions } from './live-event-type-registry';
export {
  InvalidEventReplayer,
  replayFilter,
  type ReplayOptions,
  type ReplayCounts,
  type ResolvedFields,
  type ReplayableInvalidEvent,
} from './invalid-event-replayer';
export { validEventDocument, type ReceivedEventFields } from './event-documents';
