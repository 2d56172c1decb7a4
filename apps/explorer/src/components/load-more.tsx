import type { ReactNode } from 'react';

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
