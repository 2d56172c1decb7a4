import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useEye } from '../api/eye';
import { usePages } from '../api/use-pages';
import { EventTable } from '../components/event-table';
import { FilterForm, filtersFrom, type FilterField } from '../components/filter-form';
import { PagesFooter } from '../components/load-more';
import { Page } from '../components/page';
import { Empty, Loading, ProblemView } from '../components/states';

/** Events per page: a first screen is one small request. */
export const PAGE_SIZE = 50;

export const EVENT_FILTERS: readonly FilterField[] = [
  { name: 'application', label: 'Application' },
  { name: 'category', label: 'Category' },
  { name: 'name', label: 'Name' },
  { name: 'session_id', label: 'Session' },
  { name: 'from', label: 'From (event time)', kind: 'datetime' },
  { name: 'to', label: 'To (event time, excluded)', kind: 'datetime' },
  {
    name: 'order',
    label: 'Order',
    kind: 'select',
    options: [
      { value: 'desc', label: 'Newest first' },
      { value: 'asc', label: 'Oldest first' },
    ],
    defaultValue: 'desc',
  },
];

/** `/explorer/events`: stored events by every filter of the API, newest first unless asked otherwise, paged with "load more". */
export function EventsView(): ReactNode {
  const { client } = useEye();
  const [params] = useSearchParams();
  const { order, ...filters } = filtersFrom(params, EVENT_FILTERS);
  const request = { ...filters, order: order === 'asc' ? ('asc' as const) : ('desc' as const), limit: PAGE_SIZE };
  const pages = usePages(['events', request], (cursor) => client.events(request).page(cursor));
  const { query, items: events } = pages;

  return (
    <Page title="Events" lead="Stored (valid) events. Filters are part of the address: share it to share this view.">
      <FilterForm fields={EVENT_FILTERS} label="Filter events" />
      {query.data ? (
        events.length > 0 ? (
          <>
            <EventTable events={events} caption="Events matching the filters" />
            <PagesFooter pages={pages} noun="events" />
          </>
        ) : (
          <Empty>No events match these filters.</Empty>
        )
      ) : query.error ? (
        <ProblemView error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Loading label="Loading events…" />
      )}
    </Page>
  );
}
