/** Lists read page by page, following `next_cursor`. */
import type { Page } from './types';

/** Reads one page: the first without a cursor, the next ones with the previous `nextCursor`. */
export type PageReader<T> = (cursor: string | undefined) => Promise<Page<T>>;

/**
 * A list of the server, read lazily: `for await (const item of list)` yields the items one by
 * one across pages; {@link Paged.pages} yields whole pages; {@link Paged.page} reads one.
 * Each iteration starts again from the first page.
 */
export class Paged<T> implements AsyncIterable<T> {
  constructor(private readonly read: PageReader<T>) {}

  /** One page: the first, or the one after `cursor`. */
  page(cursor?: string): Promise<Page<T>> {
    return this.read(cursor);
  }

  /** Every page, to the last (the one whose `nextCursor` is `null`). */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.read(cursor);
      yield page;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** Every item, in the server's order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every item in one array (mind the size of what you ask for). */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
