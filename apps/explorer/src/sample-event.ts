/**
 * An example event of a type, built from the JSON Schema of its `data`, to start the try-it box
 * from: every property the schema names, each with the schema's own example where it gives one.
 */
import type { EventType } from '@the-eye/client';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  examples?: unknown[];
  description?: string;
  pattern?: string;
  minimum?: number;
  enum?: unknown[];
  const?: unknown;
};

/** The example a schema's description gives ("e.g. www.example.com", 'e.g. "chat bubble"'). */
function describedExample(description: string | undefined): string | undefined {
  const match = /e\.g\.\s+(?:"([^"]+)"|([^\s,;)]+[^\s,;).]))/.exec(description ?? '');
  return match?.[1] ?? match?.[2];
}

/** A value that fits `schema` as far as a short look can tell. */
export function sampleValue(schema: Schema): unknown {
  if (schema.examples && schema.examples.length > 0) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, sampleValue(property)]));
    case 'array':
      return [];
    case 'string':
      return describedExample(schema.description) ?? (schema.pattern?.startsWith('^\\/') ? '/' : 'example');
    case 'number':
    case 'integer':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** A whole event of `type`, timestamped `now`, as JSON text with two-space indents. */
export function sampleEventJson(type: EventType, now: Date): string {
  const event = { session_id: 'try-it-session', category: type.category, name: type.name, data: sampleValue(type.schema as Schema), timestamp: now.toISOString() };
  return JSON.stringify(event, null, 2);
}
