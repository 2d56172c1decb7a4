import type { z } from 'zod';

/**
 * A kind of event The Eye accepts: its `category` + `name` and the schema of its `data`.
 *
 * `data` must be a strict object (`z.strictObject`), because keys the schema does not name are
 * invalid (`unexpected_field`). Give every check a message that completes the sentence
 * `"<path> …"`, e.g. `'must be a hostname such as www.example.com'`.
 */
export interface EventType<Data extends z.ZodObject = z.ZodObject> {
  readonly category: string;
  readonly name: string;
  /** One sentence for humans (shown in the JSON Schema and the API docs). */
  readonly description: string;
  readonly data: Data;
}

/** Declares an event type; returns it frozen, with its `data` schema's type kept for `z.infer`. */
export function defineEventType<Data extends z.ZodObject>(type: EventType<Data>): EventType<Data> {
  return Object.freeze({ ...type });
}
