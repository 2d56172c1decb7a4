import { AuthUnavailableError } from './errors';

/**
 * At most `maxRunning` lookups at once, at most `maxWaiting` waiting for a place; past that a
 * lookup is refused at once with {@link AuthUnavailableError}, so a flood of unknown tokens
 * queues in bounded memory and reaches the applications store at a bounded rate.
 */
export class LookupLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  /** Resolves with the function that gives the place back, once there is one. */
  async acquire(): Promise<() => void> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) throw new AuthUnavailableError('too many token lookups at once; retry shortly');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The place passes straight to the next waiter; `running` stays the same.
      if (next) next();
      else this.running -= 1;
    };
  }
}
