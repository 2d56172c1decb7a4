/**
 * MongoDB for The Eye. One collection, `events`, holds every event (valid and invalid, told apart
 * by `valid`), one document per event under `_id` `<application>/<event id>`; summaries and counts
 * are computed from it when read. By role: the schema (documents, indexes, query shapes, the
 * engine's capabilities), the writer (one insert per event, dead letters), the readers, replays
 * and registered event types.
 */
export { connectMongo, type MongoLink, type MongoConnectOptions } from './connection';
export { StoreUnavailableError, isStoreUnavailableError } from './errors';

// Schema
export {
  COLLECTIONS,
  eventKey,
  eventFields,
  type EventDocument,
  type InvalidEventDocument,
  type StoredEventDocument,
  type RejectedEventDocument,
  type IssueDocument,
  type DeadLetterDocument,
} from './schema/documents';
export { INDEXES, ensureIndexes } from './schema/indexes';
export { detectStoreEngine, describeStoreEngine, type StoreEngine } from './schema/engine';

// Writing
export { EventWriter, unstorableEventDocument, type InsertOutcome, type EventWriterOptions } from './write/event-writer';
export { DeadLetters, type DeadLetter } from './write/dead-letters';

// Reading
export { InvalidQueryError, isInvalidQueryError } from './read/cursor';
export { EventReader } from './read/event-reader';
export { InvalidEventReader } from './read/invalid-event-reader';
export { SessionReader } from './read/session-reader';
export { summarizeEvents, type SessionSummary } from './read/session-summary';
export { StatsReader, type ReceivedStats, type TypeCounts, type TimelineBucket } from './read/stats-reader';
export type { Page, MicrosWindow } from './read/keyset';
export type { ReaderOptions } from './read-options';
export {
  MAX_PAGE_LIMIT,
  DEFAULT_PAGE_LIMIT,
  type EventFilter,
  type EventListQuery,
  type InvalidEventFilter,
  type InvalidEventListQuery,
} from './read/read-queries';
export type { ListOrder } from './schema/query-shapes';

// Replays and registered event types
export { InvalidEventReplayer, type ReplayOptions, type ReplayCounts } from './replay/invalid-event-replayer';
export {
  RegisteredEventTypes,
  EventTypeChangeError,
  isEventTypeChangeError,
  type EventTypeChangeCode,
  type EventTypeRegistration,
  type RegisteredEventType,
  type UnusableEventType,
  type LoadedRegistry,
} from './event-types/registered-event-types';
export { LiveEventTypeRegistry, type LiveEventTypeRegistryOptions } from './event-types/live-event-type-registry';
