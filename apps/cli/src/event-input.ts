import type { TrackEvent } from '@the-eye/client';

/** The input of `eye send` could not be read as events; the message names the line. */
export class EventInputError extends Error {
  override readonly name = 'EventInputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Reads events from a JSON array (text starting with `[`) or from NDJSON (one JSON object per
 * line; blank lines are skipped). Every entry must be a JSON object; whether it is a valid event
 * is The Eye's to decide.
 *
 * @throws {@link EventInputError} naming the first line (or array index) that is not a JSON object.
 */
export function parseEventInput(text: string): Record<string, unknown>[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new EventInputError(`the input starts with "[" but is not a JSON array: ${(error as Error).message}`, { cause: error });
    }
    if (!Array.isArray(parsed)) throw new EventInputError('the input starts with "[" but is not a JSON array');
    return parsed.map((entry, index) => {
      if (!isObject(entry)) throw new EventInputError(`entry ${index} of the array is not a JSON object`);
      return entry;
    });
  }
  const events: Record<string, unknown>[] = [];
  body.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new EventInputError(`line ${index + 1} is not JSON: ${(error as Error).message}`, { cause: error });
    }
    if (!isObject(parsed)) throw new EventInputError(`line ${index + 1} is not a JSON object`);
    events.push(parsed);
  });
  return events;
}

/**
 * An event in the contract's shape (`event_id`, `session_id`, ...) as the client's `track` takes
 * it. Values are passed on as they are, even of the wrong type, so The Eye records such an event
 * as invalid with its issues; keys other than the contract's six are not sent. Without
 * `event_id` the client makes one (a UUID); without `timestamp`, it sends the current time.
 */
export function toTrackEvent(event: Record<string, unknown>): TrackEvent {
  const pick = <T>(key: string) => event[key] as T;
  return {
    ...(event['event_id'] === undefined ? {} : { eventId: pick<string>('event_id') }),
    sessionId: pick<string>('session_id'),
    category: pick<string>('category'),
    name: pick<string>('name'),
    data: pick<Record<string, unknown>>('data'),
    ...(event['timestamp'] === undefined ? {} : { timestamp: pick<string>('timestamp') }),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
