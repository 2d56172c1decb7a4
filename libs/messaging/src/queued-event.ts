import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** One accepted event as it travels through JetStream from ingest to the validators. */
export interface QueuedEvent {
  /** The application (trusted client) that sent it. */
  application: string;
  /** The client's `event_id` when valid, else the id ingest made. */
  eventId: string;
  /** When ingest received it, in microseconds since the Unix epoch. */
  receivedMicros: number;
  /** The event's JSON text exactly as the application sent it. */
  raw: string;
}

/** The JetStream message id, unique per application: what JetStream dedupes on. */
export function messageIdFor(event: Pick<QueuedEvent, 'application' | 'eventId'>): string {
  return `${event.application}/${event.eventId}`;
}

/**
 * Events larger than this travel compressed. Such events are invalid anyway (`too_large`, the
 * contract's 64 KiB), but must still fit NATS's `max_payload` (1 MiB by default) although the
 * gateway accepts bodies of 1 MiB.
 */
export const COMPRESS_RAW_OVER_BYTES = 64 * 1024;

/** Metadata line of the v2 payload; the raw event follows it unescaped. */
interface MetaV2 {
  v: 2;
  application: string;
  event_id: string;
  received_us: number;
  /** Present when the raw event bytes are deflate-compressed. */
  encoding?: 'deflate-raw';
}

/** The v1 payload: one JSON object with the raw event as an (escaped) string. Still decoded. */
interface WireV1 {
  v: 1;
  application: string;
  event_id: string;
  received_us: number;
  raw: string;
}

const NEWLINE = 0x0a;
/** Far above any event the gateway accepts; guards the validators against a deflate bomb. */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/**
 * Encodes a queued event as `<metadata JSON>\n<raw event bytes>`. The raw event is not embedded
 * in a JSON string, so it is not escaped (escaping can double its size); over
 * {@link COMPRESS_RAW_OVER_BYTES} it is deflated. JSON.stringify never emits a raw newline, so the
 * first newline ends the metadata.
 */
export function encodeQueuedEvent(event: QueuedEvent): Uint8Array {
  let raw = Buffer.from(event.raw, 'utf8');
  const meta: MetaV2 = { v: 2, application: event.application, event_id: event.eventId, received_us: event.receivedMicros };
  if (raw.length > COMPRESS_RAW_OVER_BYTES) {
    raw = deflateRawSync(raw);
    meta.encoding = 'deflate-raw';
  }
  return Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`, 'utf8'), raw]);
}

/** Decodes a message payload (v2, or v1 from before); undefined for anything that is not a queued event. */
export function decodeQueuedEvent(payload: Uint8Array): QueuedEvent | undefined {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const newline = bytes.indexOf(NEWLINE);
  return newline === -1 ? decodeV1(bytes) : decodeV2(bytes.subarray(0, newline), bytes.subarray(newline + 1));
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function hasEnvelope(wire: Record<string, unknown>): wire is Record<string, unknown> & Pick<WireV1, 'application' | 'event_id' | 'received_us'> {
  return typeof wire['application'] === 'string' && typeof wire['event_id'] === 'string' && typeof wire['received_us'] === 'number';
}

function decodeV2(metaBytes: Buffer, rawBytes: Buffer): QueuedEvent | undefined {
  const meta = parseObject(metaBytes.toString('utf8'));
  if (!meta || meta['v'] !== 2 || !hasEnvelope(meta)) return undefined;
  let raw: Buffer;
  if (meta['encoding'] === 'deflate-raw') {
    try {
      raw = inflateRawSync(rawBytes, { maxOutputLength: MAX_INFLATED_BYTES });
    } catch {
      return undefined;
    }
  } else if (meta['encoding'] === undefined) {
    raw = rawBytes;
  } else {
    return undefined;
  }
  return { application: meta.application, eventId: meta.event_id, receivedMicros: meta.received_us, raw: raw.toString('utf8') };
}

function decodeV1(bytes: Buffer): QueuedEvent | undefined {
  const wire = parseObject(bytes.toString('utf8'));
  if (!wire || wire['v'] !== 1 || !hasEnvelope(wire) || typeof wire['raw'] !== 'string') return undefined;
  return { application: wire.application, eventId: wire.event_id, receivedMicros: wire.received_us, raw: wire['raw'] };
}
