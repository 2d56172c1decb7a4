import type { Db } from 'mongodb';
import { defaultRegistry, type EventTypeRegistry } from '@eye/validators';
import { RegisteredEventTypes, type UnusableEventType } from './registered-event-types';

/** How and how often to reload the registered event types. */
export interface LiveEventTypeRegistryOptions {
  db: Db;
  /** Milliseconds between reloads. */
  refreshMs: number;
  /** Told when a reload failed (MongoDB away): the last registry stays in use. Default: a warning on `logger`. */
  onError?: (error: Error) => void;
  /** Told after the first load and each reload that changed the registered types, with those left out. Default: a line on `logger`. */
  onChange?: (change: { types: number; unusable: UnusableEventType[] }) => void;
  /** Where the default `onError` and `onChange` write (a pino logger fits). */
  logger?: { warn(fields: object, message: string): void; info(fields: object, message: string): void };
}

/**
 * The event types a service validates with: the built-ins plus those registered in MongoDB,
 * reloaded every `refreshMs` in the background. {@link current} is a field read, so the per-event
 * path stays as cheap as with a fixed registry; a reload builds a new registry and swaps it in.
 * Until the first load (and while MongoDB is away) the last registry known is used.
 */
export class LiveEventTypeRegistry {
  private registry: EventTypeRegistry = defaultRegistry();
  private version: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly types: RegisteredEventTypes;

  private readonly options: LiveEventTypeRegistryOptions;

  constructor(options: LiveEventTypeRegistryOptions) {
    const { logger } = options;
    this.options = {
      onError: (err) => logger?.warn({ err }, 'reloading registered event types failed; keeping the last ones'),
      onChange: ({ types, unusable }) => logger?.info({ event_types: types, unusable }, 'event types loaded'),
      ...options,
    };
    this.types = new RegisteredEventTypes(options.db);
  }

  /** The registry to validate with now. */
  current(): EventTypeRegistry {
    return this.registry;
  }

  /** Loads once (throws when MongoDB fails), then keeps reloading in the background until {@link stop}. */
  async start(): Promise<void> {
    await this.reload();
    this.timer ??= setInterval(() => {
      this.reload().catch((error: unknown) => this.options.onError?.(error as Error));
    }, this.options.refreshMs);
    this.timer.unref();
  }

  /** Loads the registered types now and swaps the new registry in. */
  async reload(): Promise<void> {
    const { registry, unusable, version } = await this.types.loadRegistry();
    this.registry = registry;
    if (version !== this.version) {
      this.version = version;
      this.options.onChange?.({ types: registry.list().length, unusable });
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
