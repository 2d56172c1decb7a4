import { randomBytes } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection, Db, Filter } from 'mongodb';
import {
  COLLECTIONS,
  countTicketId,
  countTicketPrefix,
  sessionPartId,
  sessionPartPrefix,
  type CountTicketDocument,
  type EventDocument,
  type SessionDocument,
  type SessionPartDocument,
} from './documents';
import { StoreUnavailableError } from './errors';
import { insertNew, updateInChunks } from './bulk-writes';
import { mergeParts, sameSummary } from './session-summary';

/** What counting needs of an event. */
export type CountableEvent = Pick<EventDocument, '_id' | 'session_id' | 'category' | 'application' | 'ts_us'>;

export interface SessionCounterOptions {
  /** How long after taking a ticket a validator may still count under it (default 30 s). */
  countDeadlineMs?: number;
  /**
   * How old another validator's unfinished ticket must be before this one takes over (default
   * three times the deadline). The margin over the deadline must cover clock differences.
   */
  takeoverAfterMs?: number;
  /** This process's name on its session parts and tickets; random when omitted. */
  writerId?: string;
  /** Wall clock in milliseconds (tests). */
  clock?: () => number;
}

/** An event to count now, under a ticket taken at `at`. */
interface Authorized {
  event: CountableEvent;
  at: number;
}

/** What the tickets of one event key say. */
interface TicketState {
  done: boolean;
  generation: number;
  writer?: string;
  at: number;
}

/** Where the events whose first ticket was taken already stand. */
interface Settled {
  authorized: Authorized[];
  /** Counted, but not yet marked `done`: this attempt marks them. */
  counted: CountableEvent[];
  /** Being counted by another validator right now (or it stopped recently): try again later. */
  waiting: number;
}

const DEFAULT_COUNT_DEADLINE_MS = 30_000;
/** Rounds of "merge the parts, write the summary, read back" before the batch is retried. */
const MAX_MERGE_ROUNDS = 10;

/**
 * Keeps the session summaries exact without transactions and without atomic updates, which
 * FerretDB 1.24 lacks (its concurrent updates of one document lose some); the only atomic step it
 * relies on is an insert refused by a unique `_id`.
 *
 * Each validator process counts only into its own part of each session (`session_parts`: one
 * upsert per session and batch with $min, $max, $inc, $addToSet), so no two processes ever update
 * the same part. Before counting an event a validator takes its ticket (`count_tickets`, an
 * insert): whoever inserts generation 1 counts it, within `countDeadlineMs`; then it writes the
 * `done` ticket. A ticket left unfinished longer than `takeoverAfterMs` (its validator died or
 * lost MongoDB) is taken over by inserting the next generation; the new holder first looks for
 * the event's key in the old holder's part (it counted but stopped before `done`). A summary in
 * `sessions` is the merge of the session's parts: each validator rewrites it after counting and
 * reads it back until it equals the merge, so once the validators are idle every summary is exact.
 */
export class SessionCounter {
  readonly writerId: string;
  private readonly sessions: Collection<SessionDocument>;
  private readonly parts: Collection<SessionPartDocument>;
  private readonly tickets: Collection<CountTicketDocument>;
  private readonly countDeadlineMs: number;
  private readonly takeoverAfterMs: number;
  private readonly clock: () => number;
  /** Per part of this process: attempts whose `done` tickets are written, to drop from `pending`. */
  private readonly finishedAttempts = new Map<string, string[]>();

  constructor(db: Db, options: SessionCounterOptions = {}) {
    this.sessions = db.collection(COLLECTIONS.sessions);
    this.parts = db.collection(COLLECTIONS.sessionParts);
    this.tickets = db.collection(COLLECTIONS.countTickets);
    this.countDeadlineMs = options.countDeadlineMs ?? DEFAULT_COUNT_DEADLINE_MS;
    this.takeoverAfterMs = options.takeoverAfterMs ?? 3 * this.countDeadlineMs;
    this.writerId = options.writerId ?? randomBytes(8).toString('hex');
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Counts each of `events` (stored valid events, one per key) into its session exactly once and
   * brings their session summaries up to date. Throws {@link StoreUnavailableError} when the batch
   * should be written again later: MongoDB failed, the deadline passed, or another validator is
   * still counting some of these events.
   */
  async count(events: CountableEvent[]): Promise<void> {
    if (events.length === 0) return;
    const takenAt = this.clock();
    const taken = await insertNew(
      this.tickets,
      events.map((event) => ({ _id: countTicketId(event._id, 1), writer: this.writerId, at: takenAt })),
    );
    const authorized: Authorized[] = events.filter((_, index) => !taken.has(index)).map((event) => ({ event, at: takenAt }));
    const settled = await this.settle(events.filter((_, index) => taken.has(index)));
    authorized.push(...settled.authorized);

    const attempt = randomBytes(6).toString('hex');
    const groups = groupBySession(authorized.map(({ event }) => event));
    if (groups.length > 0) {
      // Checked before every command: past its deadline a ticket may be taken over. The next
      // attempt takes its own late tickets over, with a fresh deadline.
      const earliest = Math.min(...authorized.map(({ at }) => at));
      await updateInChunks(
        this.parts,
        groups.map((group) => this.partUpsert(group, attempt)),
        {
          beforeEachChunk: () => {
            if (this.clock() - earliest > this.countDeadlineMs) {
              throw new StoreUnavailableError('counting sessions took longer than the ticket deadline; the batch is retried');
            }
          },
        },
      );
    }
    const finished = [...authorized.map(({ event }) => event), ...settled.counted];
    await insertNew(this.tickets, finished.map((event) => ({ _id: countTicketId(event._id, 'done') })));
    // Their keys are no longer needed: the next update of each part drops them.
    for (const group of groups) {
      const partId = sessionPartId(group.session, this.writerId);
      this.finishedAttempts.set(partId, [...(this.finishedAttempts.get(partId) ?? []), attempt]);
    }
    await this.mergeSummaries([...new Set(events.map((event) => event.session_id))]);
    if (settled.waiting > 0) {
      throw new StoreUnavailableError(`another validator is still counting ${settled.waiting} of these events; retrying`);
    }
  }

  /** Decides, for events whose first ticket exists, whether this attempt counts them, marks them, or waits. */
  private async settle(contested: CountableEvent[]): Promise<Settled> {
    const settled: Settled = { authorized: [], counted: [], waiting: 0 };
    if (contested.length === 0) return settled;
    const states = await this.ticketStates(contested.map((event) => event._id));
    const now = this.clock();
    const youngOwn: Authorized[] = [];
    const youngOther: Array<{ event: CountableEvent; writer: string }> = [];
    const takeovers: Array<{ event: CountableEvent; state: TicketState }> = [];
    for (const event of contested) {
      const state = states.get(event._id);
      if (state?.done) continue;
      if (!state?.writer) {
        settled.waiting += 1;
        continue;
      }
      const age = now - state.at;
      const own = state.writer === this.writerId;
      // This process's attempts run one after another, so its own young ticket is not in use.
      if (own && age <= this.countDeadlineMs) youngOwn.push({ event, at: state.at });
      else if ((own && age > this.countDeadlineMs) || age > this.takeoverAfterMs) takeovers.push({ event, state });
      else youngOther.push({ event, writer: state.writer });
    }

    const inParts = await this.countedInParts([
      ...youngOwn.map(({ event }) => ({ event, writer: this.writerId })),
      ...youngOther,
    ]);
    for (const item of youngOwn) {
      if (inParts.has(item.event._id)) settled.counted.push(item.event);
      else settled.authorized.push(item);
    }
    for (const { event } of youngOther) {
      if (inParts.has(event._id)) settled.counted.push(event);
      else settled.waiting += 1;
    }

    if (takeovers.length > 0) {
      const at = this.clock();
      const lost = await insertNew(
        this.tickets,
        takeovers.map(({ event, state }) => ({ _id: countTicketId(event._id, state.generation + 1), writer: this.writerId, at })),
      );
      settled.waiting += lost.size;
      const won = takeovers.filter((_, index) => !lost.has(index));
      // The old holder can no longer count (its deadline passed). Its part first, then `done`:
      // it writes `done` before it forgets a key, so one of the two shows a finished count.
      const counted = await this.countedInParts(won.map(({ event, state }) => ({ event, writer: state.writer ?? '' })));
      const doneNow = await this.ticketStates(won.map(({ event }) => event._id));
      for (const { event } of won) {
        if (counted.has(event._id)) settled.counted.push(event);
        else if (!doneNow.get(event._id)?.done) settled.authorized.push({ event, at });
      }
    }
    return settled;
  }

  private async ticketStates(keys: string[]): Promise<Map<string, TicketState>> {
    const states = new Map<string, TicketState>();
    if (keys.length === 0) return states;
    const ranges: Filter<CountTicketDocument>[] = keys.map((key) => idRange(countTicketPrefix(key)));
    const tickets = await this.tickets.find(ranges.length === 1 ? ranges[0] : { $or: ranges }).toArray();
    const keyOf = new Map(keys.map((key) => [countTicketPrefix(key), key]));
    for (const ticket of tickets) {
      const cut = ticket._id.lastIndexOf('#') + 1;
      const key = keyOf.get(ticket._id.slice(0, cut));
      if (key === undefined) continue;
      const state = states.get(key) ?? { done: false, generation: 0, at: 0 };
      const suffix = ticket._id.slice(cut);
      if (suffix === 'done') state.done = true;
      else if (Number(suffix) > state.generation) Object.assign(state, { generation: Number(suffix), writer: ticket.writer, at: ticket.at ?? 0 });
      states.set(key, state);
    }
    return states;
  }

  /** Keys of these events found in the named validators' parts of their sessions. */
  private async countedInParts(items: Array<{ event: CountableEvent; writer: string }>): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const partIds = [...new Set(items.map(({ event, writer }) => sessionPartId(event.session_id, writer)))];
    const parts = await this.parts.find({ _id: { $in: partIds } }, { projection: { pending: 1 } }).toArray();
    const keys = new Set(parts.flatMap((part) => Object.values(part.pending ?? {}).flat()));
    return new Set(items.filter(({ event }) => keys.has(event._id)).map(({ event }) => event._id));
  }

  /** Rewrites each summary that differs from the merge of its parts, until none does. */
  private async mergeSummaries(sessionIds: string[]): Promise<void> {
    for (let round = 1; ; round++) {
      const [parts, summaries] = await Promise.all([this.readParts(sessionIds), this.sessions.find({ _id: { $in: sessionIds } }).toArray()]);
      const current = new Map(summaries.map((summary) => [summary._id, summary]));
      const stale = [...mergeParts(parts)].filter(([id, merged]) => !sameSummary(current.get(id), merged));
      if (stale.length === 0) return;
      if (round > MAX_MERGE_ROUNDS) throw new StoreUnavailableError('session summaries kept changing while being merged; retrying');
      const writes: AnyBulkWriteOperation<SessionDocument>[] = stale.map(([_id, merged]) => ({
        replaceOne: { filter: { _id }, replacement: { _id, ...merged }, upsert: true },
      }));
      // A duplicate key: another process created the summary at the same moment; the next round reads it.
      await updateInChunks(this.sessions, writes);
    }
  }

  private readParts(sessionIds: string[]): Promise<SessionPartDocument[]> {
    const ranges: Filter<SessionPartDocument>[] = sessionIds.map((id) => idRange(sessionPartPrefix(id)));
    return this.parts.find(ranges.length === 1 ? ranges[0] : { $or: ranges }).toArray();
  }

  private partUpsert(group: SessionGroup, attempt: string): AnyBulkWriteOperation<SessionPartDocument> {
    const _id = sessionPartId(group.session, this.writerId);
    const times = group.events.map((event) => event.ts_us);
    const finished = this.finishedAttempts.get(_id) ?? [];
    this.finishedAttempts.delete(_id);
    return {
      updateOne: {
        filter: { _id },
        update: {
          ...(finished.length > 0 ? { $unset: Object.fromEntries(finished.map((id) => [`pending.${id}`, ''])) } : {}),
          $setOnInsert: { session_id: group.session, writer: this.writerId },
          $min: { first_us: Math.min(...times) },
          $max: { last_us: Math.max(...times) },
          $inc: { event_count: group.events.length },
          $addToSet: {
            categories: { $each: [...new Set(group.events.map((event) => event.category))] },
            applications: { $each: [...new Set(group.events.map((event) => event.application))] },
          },
          $push: { [`pending.${attempt}`]: { $each: group.events.map((event) => event._id) } },
        },
        upsert: true,
      },
    };
  }
}

interface SessionGroup {
  session: string;
  events: CountableEvent[];
}

function groupBySession(events: CountableEvent[]): SessionGroup[] {
  const groups = new Map<string, CountableEvent[]>();
  for (const event of events) {
    const group = groups.get(event.session_id);
    if (group) group.push(event);
    else groups.set(event.session_id, [event]);
  }
  return [...groups].map(([session, grouped]) => ({ session, events: grouped }));
}

/** Every `_id` that starts with `prefix`, whose last character is `/` or `#`: the next character ends the range. */
function idRange(prefix: string): { _id: { $gte: string; $lt: string } } {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { _id: { $gte: prefix, $lt: `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}` } };
}
