import { BUILT_IN_EVENT_TYPES } from './event-types/built-ins';
import type { EventType } from './event-types/event-type';

/** Thrown when an event type cannot be registered: a duplicate, a blank key or a non-strict `data` schema. */
export class EventTypeRegistrationError extends Error {
  override readonly name = 'EventTypeRegistrationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The event types The Eye accepts, keyed by `category` + `name`; unknown types are invalid. */
export class EventTypeRegistry {
  // Nested maps, so no choice of separator can make two different (category, name) pairs collide.
  readonly #byCategory = new Map<string, Map<string, EventType>>();
  readonly #inOrder: EventType[] = [];

  /**
   * Adds an event type and returns the registry, so calls chain.
   *
   * @throws {@link EventTypeRegistrationError} when its category or name is empty, the pair is
   * already registered, or its `data` schema accepts unknown keys (use `z.strictObject`).
   */
  register(type: EventType): this {
    const label = `"${type.category}" / "${type.name}"`;
    if (type.category === '' || type.name === '') {
      throw new EventTypeRegistrationError(`event type ${label}: category and name must not be empty`);
    }
    if (type.data.def.catchall?._zod.def.type !== 'never') {
      throw new EventTypeRegistrationError(
        `event type ${label}: data must be a z.strictObject (unknown keys are invalid)`,
      );
    }
    const names = this.#byCategory.get(type.category) ?? new Map<string, EventType>();
    if (names.has(type.name)) {
      throw new EventTypeRegistrationError(`event type ${label} is already registered`);
    }
    names.set(type.name, type);
    this.#byCategory.set(type.category, names);
    this.#inOrder.push(type);
    return this;
  }

  /** The event type registered for `category` + `name`, or `undefined`. */
  get(category: string, name: string): EventType | undefined {
    return this.#byCategory.get(category)?.get(name);
  }

  /** Every registered event type, in the order registered. */
  list(): readonly EventType[] {
    return [...this.#inOrder];
  }
}

/** A new registry holding the built-in event types (pageview, cta click, form submit). */
export function defaultRegistry(): EventTypeRegistry {
  const registry = new EventTypeRegistry();
  for (const type of BUILT_IN_EVENT_TYPES) registry.register(type);
  return registry;
}
