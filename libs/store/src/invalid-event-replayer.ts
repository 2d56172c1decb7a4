import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import { validateEventJson, type EventTypeRegistry, type Issue } from '@eye/validators';
import { insertNew, updateInChunks } from './bulk-writes';
import { COLLECTIONS, type EventClaimDocument, type EventDocument, type InvalidEventDocument } from './documents';
import { StoreUnavailableError } from './errors';
import { validEventDocument } from './event-documents';
import type { InvalidEventFilter } from './read-queries';
import { SessionCounter, type SessionCounterOptions } from './session-counter';

/** Fields a replay adds to an invalid event that is now valid. */
export interface ResolvedFields {
  /** When a replay stored the event as valid. */
  resolved_at?: Date;
  /** Always `true` when `resolved_at` is set: the event is now in `events`, with the same id. */
  resolved_as_valid?: boolean;
  /** When a replay last validated it again (also when it stayed invalid). */
  revalidated_at?: Date;
}

/** An invalid event as stored, with what replays added. */
export type ReplayableInvalidEvent = InvalidEventDocument & ResolvedFields;

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
  /** Unresolved invalid events that matched the filter and were validated again. */
  examined: number;
  /** Now valid: stored in `events` (once) and marked resolved. */
  resolved: number;
  /** Still invalid. */
  stillInvalid: number;
  /** Still invalid, with other issues than before (those were updated). */
  issuesChanged: number;
}

/** The application recorded for queue messages that were not events at all; never replayable. */
const UNDECODABLE_APPLICATION = '_unknown';

/**
 * Runs stored invalid events through validation again, e.g. after an event type was registered
 * or fixed, and stores those that are now valid as if the validator had found them valid when
 * they arrived: in `events` with the same `_id` (application + event id), `seq` and receive time,
 * counted once into their session, the invalid record marked `resolved_at` (it stays, as the
 * history of what arrived). The reference time of the timestamp check is the original receive
 * time, so the verdict does not depend on when the replay runs.
 *
 * Every step is idempotent and ordered so that a replay stopped at any point and run again stores
 * and counts nothing twice: the event's key is claimed (the claim the invalid event holds is
 * the same message's, so it is honoured), the event inserted (a duplicate key is the earlier
 * attempt's), counted under count tickets like the validator's, and only then marked resolved.
 * An invalid event whose key is already in `events` is finished without validating again.
 * A replay handles only unresolved invalid events, so a second replay moves nothing.
 */
export class InvalidEventReplayer {
  private readonly invalid: Collection<ReplayableInvalidEvent>;
  private readonly events: Collection<EventDocument>;
  private readonly claims: Collection<EventClaimDocument>;
  private readonly counter: SessionCounter;

  /** `counter` options: each replayer counts into its own session parts (a random writer id by default). */
  constructor(db: Db, counter: SessionCounterOptions = {}) {
    this.invalid = db.collection(COLLECTIONS.invalidEvents);
    this.events = db.collection(COLLECTIONS.events);
    this.claims = db.collection(COLLECTIONS.eventClaims);
    this.counter = new SessionCounter(db, { ...counter, writerId: counter.writerId ?? `replay-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` });
  }

  /**
   * Replays every unresolved invalid event matching `filter`, oldest `_id` first.
   *
   * @throws {@link StoreUnavailableError} when MongoDB fails, or another process is counting one
   * of these events right now: run it again later; nothing is stored twice.
   */
  async replay(options: ReplayOptions): Promise<ReplayCounts> {
    const counts: ReplayCounts = { examined: 0, resolved: 0, stillInvalid: 0, issuesChanged: 0 };
    const batchSize = options.batchSize ?? 100;
    const now = options.now ?? (() => new Date());
    let after: string | undefined;
    for (;;) {
      const page = await this.guard(() =>
        this.invalid
          .find({ ...replayFilter(options.filter ?? {}), ...(after === undefined ? {} : { _id: { $gt: after } }) }, { sort: { _id: 1 }, limit: batchSize })
          .toArray(),
      );
      if (page.length === 0) return counts;
      after = page[page.length - 1]._id;
      await this.replayPage(page, options, now(), counts);
      options.onProgress?.({ ...counts });
    }
  }

  private async replayPage(page: ReplayableInvalidEvent[], options: ReplayOptions, at: Date, counts: ReplayCounts): Promise<void> {
    const storedAlready = new Map(
      (await this.guard(() => this.events.find({ _id: { $in: page.map((doc) => doc._id) } }).toArray())).map((doc) => [doc._id, doc]),
    );
    const nowValid: EventDocument[] = [];
    const changed: Array<{ doc: ReplayableInvalidEvent; issues: Issue[] }> = [];
    for (const doc of page) {
      if (storedAlready.has(doc._id)) continue;
      if (doc.application === UNDECODABLE_APPLICATION) {
        counts.stillInvalid += 1;
        continue;
      }
      const result = validateEventJson(doc.raw_json, { receivedAtMicros: doc.received_us, clockSkewMs: options.clockSkewMs, registry: options.registry });
      if (result.valid) nowValid.push(validEventDocument(doc, result.event));
      else {
        counts.stillInvalid += 1;
        if (!sameIssues(doc.issues, result.issues)) changed.push({ doc, issues: result.issues });
      }
    }
    counts.examined += page.length;

    const owned = await this.claim(nowValid);
    // Valid now, but another message's event owns the key (cannot happen for invalid events the
    // validator stored, which held the claim): left as it is.
    counts.stillInvalid += nowValid.length - owned.length;
    await insertNew(this.events, owned);
    // The stored documents decide what is counted: for keys stored earlier, theirs.
    const toCount = [...storedAlready.values(), ...owned];
    await this.counter.count(toCount);

    const resolvedIds = toCount.map((doc) => doc._id);
    const writes: AnyBulkWriteOperation<ReplayableInvalidEvent>[] = [
      ...resolvedIds.map((_id) => ({
        updateOne: { filter: { _id, resolved_at: { $exists: false } }, update: { $set: { resolved_at: at, resolved_as_valid: true, revalidated_at: at } } },
      })),
      ...changed.map(({ doc, issues }) => ({
        updateOne: {
          filter: { _id: doc._id, resolved_at: { $exists: false } },
          update: {
            $set: {
              issues: issues.map(({ path, code, message }) => ({ path, code, message })),
              codes: [...new Set(issues.map((issue) => issue.code))],
              revalidated_at: at,
            },
          },
        },
      })),
    ];
    await this.guard(() => updateInChunks(this.invalid, writes));
    counts.resolved += resolvedIds.length;
    counts.issuesChanged += changed.length;
  }

  /**
   * The documents whose key this replay may store: the key's claim is the invalid event's own
   * (same `seq` and receive time), or there was none (stored before claims existed) and this
   * replay just took it. A claim by another message means that message's event owns the key.
   */
  private async claim(documents: EventDocument[]): Promise<EventDocument[]> {
    if (documents.length === 0) return [];
    await insertNew(this.claims, documents.map(({ _id, seq, received_us }) => ({ _id, seq, received_us })));
    const claims = await this.guard(() => this.claims.find({ _id: { $in: documents.map((doc) => doc._id) } }).toArray());
    const byKey = new Map(claims.map((claim) => [claim._id, claim]));
    return documents.filter((doc) => {
      const claim = byKey.get(doc._id);
      return claim !== undefined && claim.seq === doc.seq && claim.received_us === doc.received_us;
    });
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`MongoDB failed during the replay: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Unresolved invalid events matching `filter`; values are compared literally. */
export function replayFilter(filter: InvalidEventFilter): Document {
  const match: Document = { resolved_at: { $exists: false } };
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
