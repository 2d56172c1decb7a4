/** From what applications pass to `track()` to the contract's snake_case event. */
import { EyeUsageError } from './errors';
import type { TrackEvent, WireEvent } from './types';

/** A `Date` as ISO 8601 UTC; a string as is; nothing as now. */
export function toTimestamp(timestamp: Date | string | undefined, now: () => Date = () => new Date()): string {
  if (timestamp === undefined) return now().toISOString();
  if (typeof timestamp === 'string') return timestamp;
  if (Number.isNaN(timestamp.getTime())) throw new EyeUsageError('timestamp is an invalid Date');
  return timestamp.toISOString();
}

/** The event as the contract names its fields, with `eventId` (or `newId()`) as `event_id`. */
export function toWireEvent(event: TrackEvent, newId: () => string): WireEvent {
  return {
    event_id: event.eventId ?? newId(),
    session_id: event.sessionId,
    category: event.category,
    name: event.name,
    data: event.data,
    timestamp: toTimestamp(event.timestamp),
  };
}

/** JSON text of an event; a value JSON cannot hold (a cycle, a BigInt) is a usage error. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new EyeUsageError(`the event cannot be serialized as JSON: ${(error as Error).message}`, { cause: error });
  }
}

let encoder: InstanceType<typeof TextEncoder> | undefined;

/** The UTF-8 size of `text` in bytes, in Node.js and in browsers. */
export function utf8Length(text: string): number {
  if (typeof Buffer === 'function') return Buffer.byteLength(text);
  encoder ??= new TextEncoder();
  return encoder.encode(text).byteLength;
}
