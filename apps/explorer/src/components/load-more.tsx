import type { ReactNode } from 'react';
import type { Pages } from '../api/use-pages';
import { ProblemView } from './states';

export interface LoadMoreProps {
  shown: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore(): void;
  /** e.g. "events" */
  noun: string;
}

/** Keyset paging: the next page after the last one shown, or a note that this is all. */
export function LoadMore({ shown, hasMore, loading, onLoadMore, noun }: LoadMoreProps): ReactNode {
  return (
    <div className="load-more">
      <span role="status" aria-live="polite">
        {shown} {noun} shown{hasMore ? '' : ' — that is all'}
      </span>
      {hasMore ? (
        <button type="button" onClick={onLoadMore} disabled={loading} aria-busy={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </div>
  );
}

/** Under a paged list: {@link LoadMore}, and the error of a next page that failed. */
export function PagesFooter<T>({ pages, noun }: { pages: Pages<T>; noun: string }): ReactNode {
  const { query, items } = pages;
  return (
    <>
      <LoadMore shown={items.length} hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoadMore={() => void query.fetchNextPage()} noun={noun} />
      {query.isFetchNextPageError ? <ProblemView error={query.error} onRetry={() => void query.fetchNextPage()} /> : null}
    </>
  );
}
