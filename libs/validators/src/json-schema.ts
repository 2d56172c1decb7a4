import { z } from 'zod';
import { MAX_EVENT_FIELD_LENGTH } from './envelope';
import type { EventType } from './event-types/event-type';
import type { EventTypeRegistry } from './registry';
import { EVENT_TIMESTAMP_PATTERN } from './timestamp';

/** The JSON Schema of a whole event of one registered type. */
export interface EventTypeJsonSchema {
  category: string;
  name: string;
  schema: z.core.JSONSchema.BaseSchema;
}

/**
 * JSON Schemas (draft 2020-12) of a whole event for every type in `registry`, in registration
 * order. They describe the shape; what JSON Schema cannot say (calendar dates, the accepted
 * timestamp range, the clock-skew limit, the 64 KiB size limit) is checked only by the validator.
 */
export function eventTypeJsonSchemas(registry: EventTypeRegistry): EventTypeJsonSchema[] {
  return registry.list().map((type) => ({
    category: type.category,
    name: type.name,
    schema: z.toJSONSchema(eventSchema(type), { unrepresentable: 'any' }),
  }));
}

/** The JSON Schema (draft 2020-12) of one event type's `data`. */
export function dataJsonSchema(type: EventType): z.core.JSONSchema.BaseSchema {
  return z.toJSONSchema(type.data, { unrepresentable: 'any' });
}

function eventSchema(type: EventType): z.ZodType {
  const identifier = z.string().min(1).max(MAX_EVENT_FIELD_LENGTH);
  return z
    .strictObject({
      event_id: identifier.optional().describe('Idempotency key; clients should send a UUID'),
      session_id: identifier.describe('The session the event belongs to'),
      category: z.literal(type.category),
      name: z.literal(type.name),
      data: type.data,
      timestamp: z
        .string()
        .regex(EVENT_TIMESTAMP_PATTERN)
        .describe('RFC 3339 date-time; UTC when it has no offset; kept to the microsecond'),
    })
    .meta({ title: `${type.category} / ${type.name}`, description: type.description });
}
