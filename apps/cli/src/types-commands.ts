import type { RegisteredEventTypes } from '@eye/store';
import { BUILT_IN_EVENT_TYPES, dataJsonSchema, eventTypeJsonSchemas } from '@eye/validators';
import type { Output } from './output';
import { formatTable } from './table';

/** One event type as `eye types --json` prints it. */
export interface ListedEventType {
  category: string;
  name: string;
  source: 'built-in' | 'registered';
  description: string;
  registered_at?: string;
  /** JSON Schema of `data`: what `types add --schema` takes. */
  data_schema: unknown;
  /** JSON Schema of the whole event. */
  event_schema: unknown;
}

/** Every type the services validate with: built-ins first, then registered ones; `unusable` ones are reported apart. */
export async function listedEventTypes(types: RegisteredEventTypes): Promise<{ listed: ListedEventType[]; unusable: { category: string; name: string; reason: string }[] }> {
  const [{ registry, unusable }, registered] = await Promise.all([types.loadRegistry(), types.list()]);
  const registeredAt = new Map(registered.map((type) => [JSON.stringify([type.category, type.name]), type.registeredAt]));
  const eventSchemas = eventTypeJsonSchemas(registry);
  const listed = registry.list().map((type, index): ListedEventType => {
    const builtIn = BUILT_IN_EVENT_TYPES.includes(type);
    const at = registeredAt.get(JSON.stringify([type.category, type.name]));
    return {
      category: type.category,
      name: type.name,
      source: builtIn ? 'built-in' : 'registered',
      description: type.description,
      ...(builtIn || at === undefined ? {} : { registered_at: at.toISOString() }),
      data_schema: dataJsonSchema(type),
      event_schema: eventSchemas[index]?.schema,
    };
  });
  return { listed, unusable };
}

/** `types [--json]`: a table of category, name and source, or every type with its JSON Schemas. */
export async function listTypes(types: RegisteredEventTypes, output: Output, json: boolean): Promise<void> {
  const { listed, unusable } = await listedEventTypes(types);
  for (const type of unusable) output.err(`warning: registered type "${type.category}" / "${type.name}" is not in use: ${type.reason}`);
  if (json) {
    output.out(JSON.stringify(listed));
    return;
  }
  for (const line of formatTable(listed, [
    { heading: 'CATEGORY', cell: (type) => type.category },
    { heading: 'NAME', cell: (type) => type.name },
    { heading: 'SOURCE', cell: (type) => type.source },
    { heading: 'REGISTERED', cell: (type) => type.registered_at ?? '' },
    { heading: 'DATA FIELDS', cell: (type) => dataFields(type.data_schema), maxWidth: 60 },
  ])) {
    output.out(line);
  }
}

/** The options of `types add`. */
export interface AddTypeOptions {
  category: string;
  name: string;
  dataSchema: unknown;
  description?: string;
  replace: boolean;
  json: boolean;
}

/** `types add <category> <name> --schema <file>`: registers a type; the services pick it up within their refresh time. */
export async function addType(types: RegisteredEventTypes, output: Output, options: AddTypeOptions): Promise<void> {
  const registered = await types.register({
    category: options.category,
    name: options.name,
    dataSchema: options.dataSchema,
    description: options.description,
    replace: options.replace,
  });
  if (options.json) {
    output.out(JSON.stringify({ category: registered.category, name: registered.name, registered_at: registered.registeredAt.toISOString(), data_schema: registered.dataSchema }));
    return;
  }
  output.out(`registered "${registered.category}" / "${registered.name}"${registered.updatedAt ? ' (schema replaced)' : ''}`);
  output.err(
    'validators and ingest use it within their refresh time (EYE_EVENT_TYPES_REFRESH, 5 s by default); ' +
      'to re-check invalid events already stored: npm run eye -- errors replay --category ' +
      JSON.stringify(registered.category),
  );
}

/** `types remove <category> <name>`: new events of the type become `unknown_event_type`; stored ones stay. */
export async function removeType(types: RegisteredEventTypes, output: Output, category: string, name: string, json: boolean): Promise<void> {
  await types.remove(category, name);
  output.out(json ? JSON.stringify({ category, name, removed: true }) : `removed "${category}" / "${name}"`);
}

/** `host, path, element?` from a data schema's properties (`?` for optional ones). */
function dataFields(schema: unknown): string {
  const { properties, required } = (schema ?? {}) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.keys(properties ?? {})
    .map((key) => (required?.includes(key) ? key : `${key}?`))
    .join(', ');
}
