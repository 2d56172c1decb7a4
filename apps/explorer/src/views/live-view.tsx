import type { InvalidEvent, StoredEvent } from '@the-eye/client';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useEye } from '../api/eye';
import { EventTable } from '../components/event-table';
import { FilterForm, filtersFrom, type FilterField } from '../components/filter-form';
import { invalidType, IssueCodes } from '../components/issue-codes';
import { Page } from '../components/page';
import { Empty, Loading, ProblemView } from '../components/states';
import { TimeText } from '../components/time-text';
import { errorHref, eventsHref } from '../links';
import { parseMicros } from '../time';

/** How often the live view asks for what arrived. */
export const POLL_MS = 2_000;
/** The newest this many valid and invalid events are shown. */
export const LIVE_LIMIT = 50;
/**
 * How far back the live view looks: events timestamped, and invalid events received, within the
 * last 15 minutes. A bounded window is what lets a database that filters only by equality
 * (FerretDB) read the newest minutes alone instead of every stored event.
 */
export const LIVE_WINDOW_MS = 15 * 60_000;

/** Where the live window begins now (read when a poll runs, not when the view renders). */
function liveWindowStart(): Date {
  return new Date(Date.now() - LIVE_WINDOW_MS);
}

const FIELDS: readonly FilterField[] = [
  { name: 'application', label: 'Application' },
  { name: 'category', label: 'Category' },
  { name: 'name', label: 'Name' },
];

/**
 * Events as they arrive: the newest valid events (by event time) and, apart, the newest invalid
 * events with their issue codes, polled every {@link POLL_MS}; pause stops polling.
 */
export function LiveView(): ReactNode {
  const { client } = useEye();
  const [params] = useSearchParams();
  const filters = filtersFrom(params, FIELDS);
  const [paused, setPaused] = useState(false);
  const [openedAtMs] = useState(() => Date.now());
  const refetchInterval = paused ? false : POLL_MS;

  const events = useQuery({
    queryKey: ['live-events', filters],
    queryFn: () => client.events({ ...filters, order: 'desc', limit: LIVE_LIMIT, from: liveWindowStart() }).page(),
    refetchInterval,
  });
  const errors = useQuery({
    queryKey: ['live-errors', filters],
    queryFn: () => client.errors({ ...filters, limit: LIVE_LIMIT, from: liveWindowStart() }).page(),
    refetchInterval,
  });
  const arrivedSinceOpened = (event: { received_at: string }) => parseMicros(event.received_at) / 1000 >= openedAtMs;
  const updatedAt = Math.max(events.dataUpdatedAt, errors.dataUpdatedAt);

  return (
    <Page
      title="Live"
      lead="The newest events and invalid events of the last 15 minutes, as they arrive."
      actions={
        <>
          <span className="live-status" role="status">
            {paused ? 'Paused' : `Updating every ${POLL_MS / 1000} s`}
            {updatedAt > 0 ? ` · last update ${new Date(updatedAt).toLocaleTimeString()}` : ''}
          </span>
          <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
            {paused ? 'Resume' : 'Pause'}
          </button>
        </>
      }
    >
      <FilterForm fields={FIELDS} label="Filter live events" />
      <div className="live-grid">
        <section aria-labelledby="live-valid">
          <h2 id="live-valid">Events</h2>
          <p className="section-hint">
            Newest first by event time. <Link to={eventsHref({ ...filters, order: 'desc' })}>Search these events</Link>
          </p>
          <LiveEvents query={events} isNew={arrivedSinceOpened} />
        </section>
        <section aria-labelledby="live-invalid">
          <h2 id="live-invalid">Invalid events</h2>
          <p className="section-hint">
            Newest first by receipt. <Link to={`/errors?${new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]))}`}>All errors</Link>
          </p>
          <LiveErrors query={errors} isNew={arrivedSinceOpened} />
        </section>
      </div>
    </Page>
  );
}

interface ListQuery<T> {
  data?: { items: T[] };
  error: unknown;
  isPending: boolean;
  refetch(): unknown;
}

function LiveEvents({ query, isNew }: { query: ListQuery<StoredEvent>; isNew(event: StoredEvent): boolean }): ReactNode {
  if (query.data) {
    return query.data.items.length > 0 ? <EventTable events={query.data.items} caption="Newest events" isNew={isNew} /> : <Empty>No events yet. They appear here as they arrive.</Empty>;
  }
  if (query.error) return <ProblemView error={query.error} onRetry={() => void query.refetch()} />;
  return <Loading label="Loading the newest events…" />;
}

function LiveErrors({ query, isNew }: { query: ListQuery<InvalidEvent>; isNew(event: InvalidEvent): boolean }): ReactNode {
  if (query.data) {
    if (query.data.items.length === 0) return <Empty>No invalid events. Events that fail validation appear here.</Empty>;
    return (
      <ul className="card-list" aria-label="Newest invalid events">
        {query.data.items.map((error) => (
          <li key={`${error.application}/${error.id}`} className={`card${isNew(error) ? ' is-new' : ''}`}>
            <div className="card-line">
              <Link to={errorHref(error)}>
                <TimeText value={error.received_at} />
              </Link>
              {isNew(error) ? <span className="badge badge-new">new</span> : null}
            </div>
            <div className="card-line">
              <span>{error.application}</span> · <span>{invalidType(error)}</span>
            </div>
            <IssueCodes event={error} />
          </li>
        ))}
      </ul>
    );
  }
  if (query.error) return <ProblemView error={query.error} onRetry={() => void query.refetch()} />;
  return <Loading label="Loading the newest invalid events…" rows={4} />;
}
