import { useInfiniteQuery, type UseInfiniteQueryResult, type InfiniteData } from '@tanstack/react-query';
import type { Page } from '@the-eye/client';

/** A keyset-paged list as a view reads it: the items of every page read so far, and the query behind them. */
export interface Pages<T> {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  items: T[];
}

/** Reads a list page by page: the first page at once, the next one (after `next_cursor`) on `fetchNextPage()`. */
export function usePages<T>(key: readonly unknown[], read: (cursor: string | undefined) => Promise<Page<T>>): Pages<T> {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => read(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}
