import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import { validateEventJson, type EventTypeRegistry, type Issue } from '@eye/validators';
import { StoreUnavailableError } from '../errors';
import { COLLECTIONS, eventFields, type InvalidEventDocument, type StoredEventDocument } from '../schema/documents';
import type { InvalidEventFilter } from '../read/read-queries';
import { documentWriteErrors, isDatabaseError, isTransientMongoError } from '../write/write-errors';

/** Which invalid events to replay and with what. */
export interface ReplayOptions {
  /** Equality filters and a received-time window, as `GET /v1/errors` takes them. */
  filter?: InvalidEventFilter;
  /** The event types to validate with: built-ins plus the registered ones. */
  registry: EventTypeRegistry;
  /** The clock skew the services allow (the contract's default is 60 000 ms). */
  clockSkewMs: number;
  /** Invalid events handled per round (default 100). */
  batchSize?: number;
  /** Told after each round, for progress. */
  onProgress?: (progress: ReplayCounts) => void;
  now?: () => Date;
}

/** What a replay did. */
export interface ReplayCounts {
  /** Invalid events that matched the filter and were validated again. */
  examined: number;
  /** Now valid: stored as valid (`valid: true`, `resolved_at`), still listed among the errors. */
  resolved: number;
  /** Still invalid. */
  stillInvalid: number;
  /** Still invalid, with other issues than before (those were updated). */
  issuesChanged: number;
}

/** The application recorded for queue messages that were not events at all; never replayable. */
const UNDECODABLE_APPLICATION = '_unknown';
/** Update statements per command: FerretDB 1.24 hangs on one command with 100 or more. */
const UPDATES_PER_COMMAND = 25;

/**
 * Runs stored invalid events through validation again, e.g. after an event type was registered
 * or fixed. One that is now valid becomes valid in place, under its key: the same document gets
 * the event's fields, `valid: true` and `resolved_at`, and keeps its issues and raw text (it stays
 * in `GET /v1/errors`, as the history of what arrived). The reference time of the timestamp check
 * is the original receive time, so the verdict does not depend on when the replay runs.
 *
 * Every update is conditional on the document still being invalid, so a replay stopped at any
 * point and run again, or two replays at once, store nothing twice; a second replay moves nothing.
 * Summaries and counts are computed from the stored events when read, so nothing else changes.
 */
export class InvalidEventReplayer {
  private readonly events: Collection<StoredEventDocument>;

  constructor(db: Db) {
    this.events = db.collection(COLLECTIONS.events);
  }

  /**
   * Replays every invalid event matching `filter`, oldest `_id` first.
   *
   * @throws {@link StoreUnavailableError} when MongoDB fails: run it again later; nothing is stored twice.
   */
  async replay(options: ReplayOptions): Promise<ReplayCounts> {
    const counts: ReplayCounts = { examined: 0, resolved: 0, stillInvalid: 0, issuesChanged: 0 };
    const batchSize = options.batchSize ?? 100;
    const now = options.now ?? (() => new Date());
    let after: string | undefined;
    for (;;) {
      const page = (await this.guard(() =>
        this.events
          .find({ ...replayFilter(options.filter ?? {}), ...(after === undefined ? {} : { _id: { $gt: after } }) }, { sort: { _id: 1 }, limit: batchSize })
          .toArray(),
      )) as InvalidEventDocument[];
      if (page.length === 0) return counts;
      after = page[page.length - 1]._id;
      await this.replayPage(page, options, now(), counts);
      options.onProgress?.({ ...counts });
    }
  }

  private async replayPage(page: InvalidEventDocument[], options: ReplayOptions, at: Date, counts: ReplayCounts): Promise<void> {
    const resolved: AnyBulkWriteOperation<StoredEventDocument>[] = [];
    const changed: AnyBulkWriteOperation<StoredEventDocument>[] = [];
    for (const doc of page) {
      counts.examined += 1;
      if (doc.application === UNDECODABLE_APPLICATION) {
        counts.stillInvalid += 1;
        continue;
      }
      const result = validateEventJson(doc.raw_json, { receivedAtMicros: doc.received_us, clockSkewMs: options.clockSkewMs, registry: options.registry });
      if (result.valid) {
        resolved.push({ updateOne: { filter: { _id: doc._id, valid: false }, update: { $set: { ...eventFields(result.event), valid: true, resolved_at: at, revalidated_at: at } } } });
      } else {
        counts.stillInvalid += 1;
        if (!sameIssues(doc.issues, result.issues)) {
          changed.push({
            updateOne: {
              filter: { _id: doc._id, valid: false },
              update: { $set: { issues: result.issues.map(({ path, code, message }) => ({ path, code, message })), codes: [...new Set(result.issues.map((issue) => issue.code))], revalidated_at: at } },
            },
          });
        }
      }
    }
    const resolutions = await this.update(resolved);
    counts.resolved += resolutions.matched;
    // A now-valid event the database will not take as valid (its values) stays invalid.
    counts.stillInvalid += resolutions.refused;
    counts.issuesChanged += (await this.update(changed)).matched;
  }

  /**
   * Runs updates unordered, a few per command. `matched`: documents still invalid when updated (a
   * concurrent replay may have resolved one first); `refused`: refused for their content.
   */
  private async update(operations: AnyBulkWriteOperation<StoredEventDocument>[]): Promise<{ matched: number; refused: number }> {
    const result = { matched: 0, refused: 0 };
    for (let start = 0; start < operations.length; start += UPDATES_PER_COMMAND) {
      try {
        result.matched += (await this.events.bulkWrite(operations.slice(start, start + UPDATES_PER_COMMAND), { ordered: false })).matchedCount;
      } catch (error) {
        const perDocument = documentWriteErrors(error);
        if (isTransientMongoError(error) || !isDatabaseError(error) || perDocument.length === 0) throw this.unavailable(error);
        result.refused += perDocument.length;
        result.matched += (error as { result?: { matchedCount?: number } }).result?.matchedCount ?? 0;
      }
    }
    return result;
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): Error {
    if (error instanceof StoreUnavailableError || !isDatabaseError(error)) return error as Error;
    return new StoreUnavailableError('the database failed during the replay', { cause: error });
  }
}

/** Invalid events matching `filter`; values are compared literally. */
export function replayFilter(filter: InvalidEventFilter): Document {
  const match: Document = { valid: false };
  if (filter.category !== undefined) match['category'] = String(filter.category);
  if (filter.name !== undefined) match['name'] = String(filter.name);
  if (filter.application !== undefined) match['application'] = String(filter.application);
  if (filter.code !== undefined) match['codes'] = String(filter.code);
  const received: Document = {};
  if (filter.fromMicros !== undefined) received['$gte'] = filter.fromMicros;
  if (filter.toMicros !== undefined) received['$lt'] = filter.toMicros;
  if (Object.keys(received).length > 0) match['received_us'] = received;
  return match;
}

function sameIssues(stored: readonly { path: string; code: string; message: string }[], fresh: readonly Issue[]): boolean {
  return stored.length === fresh.length && stored.every((issue, index) => issue.path === fresh[index].path && issue.code === fresh[index].code && issue.message === fresh[index].message);
}
