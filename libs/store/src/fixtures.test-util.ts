// Document builders for the store's own tests (never imported by production code).
import { eventKey, type EventDocument, type InvalidEventDocument } from './schema/documents';

/** 2021-01-01T09:15:27.243860Z, the contract's example timestamp. */
export const BASE_US = 1_609_492_527_243_860;

let nextSeq = 1;

/** A fresh JetStream-like sequence number, increasing across a test file. */
export function takeSeq(): number {
  nextSeq += 1;
  return nextSeq;
}

export interface EventFields {
  application?: string;
  eventId?: string;
  sessionId?: string;
  category?: string;
  name?: string;
  tsUs?: number;
  seq?: number;
  receivedUs?: number;
  data?: Record<string, unknown>;
}

/** A valid event document as the validator writes it. */
export function eventDocument(fields: EventFields = {}): EventDocument {
  const seq = fields.seq ?? takeSeq();
  const application = fields.application ?? 'shop';
  const eventId = fields.eventId ?? `e-${seq}`;
  const tsUs = fields.tsUs ?? BASE_US + seq;
  const receivedUs = fields.receivedUs ?? 1_767_225_600_000_000 + seq * 1000;
  return {
    _id: eventKey(application, eventId),
    application,
    event_id: eventId,
    session_id: fields.sessionId ?? 'session-1',
    category: fields.category ?? 'page interaction',
    name: fields.name ?? 'pageview',
    data: fields.data ?? { host: 'www.consumeraffairs.com', path: '/' },
    ts_us: tsUs,
    timestamp: new Date(Math.floor(tsUs / 1000)),
    received_at: new Date(Math.floor(receivedUs / 1000)),
    received_us: receivedUs,
    seq,
    valid: true,
  };
}

export interface InvalidFields {
  application?: string;
  eventId?: string;
  category?: string;
  name?: string;
  codes?: string[];
  seq?: number;
  receivedUs?: number;
  raw?: unknown;
  sessionId?: string;
}

/** An invalid event document as the validator writes it. */
export function invalidDocument(fields: InvalidFields = {}): InvalidEventDocument {
  const seq = fields.seq ?? takeSeq();
  const application = fields.application ?? 'shop';
  const eventId = fields.eventId ?? `bad-${seq}`;
  const receivedUs = fields.receivedUs ?? 1_767_225_600_000_000 + seq * 1000;
  const codes = fields.codes ?? ['required'];
  return {
    _id: eventKey(application, eventId),
    application,
    event_id: eventId,
    received_at: new Date(Math.floor(receivedUs / 1000)),
    received_us: receivedUs,
    seq,
    ...(fields.sessionId === undefined ? {} : { session_id: fields.sessionId }),
    ...(fields.category === undefined ? {} : { category: fields.category }),
    ...(fields.name === undefined ? {} : { name: fields.name }),
    valid: false,
    rejected: true,
    issues: codes.map((code) => ({ path: 'data.host', code, message: `issue ${code}` })),
    codes,
    raw_json: JSON.stringify(fields.raw ?? { category: fields.category, name: fields.name }),
  };
}
