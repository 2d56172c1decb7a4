/**
 * MongoDB for The Eye: the collections and their document shapes, every index in one place,
 * and the repositories that write and read them.
 */
export { connectMongo, type MongoLink, type MongoConnectOptions } from './connection';
export { COLLECTIONS, eventKey, type EventDocument, type InvalidEventDocument, type SessionDocument, type IssueDocument } from './documents';
export { INDEXES, ensureIndexes } from './indexes';
export { EventWriter, type BatchWriteResult } from './event-writer';
export { StoreUnavailableError, isStoreUnavailableError } from './errors';
