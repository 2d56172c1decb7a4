import type { StoredEvent } from '@the-eye/client';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useEye } from '../api/eye';
import { CopyButton } from '../components/copy-button';
import { Page } from '../components/page';
import { Empty, Loading, ProblemView } from '../components/states';
import { TimeText } from '../components/time-text';
import { TraceSection } from '../components/trace-section';
import { JsonView } from '../json/json-view';
import { eventsHref, sessionHref } from '../links';

/** `/explorer/events/<id>` (`?application=` picks one application's event): every field, the data as formatted JSON, copy buttons. */
export function EventDetailView(): ReactNode {
  const { client } = useEye();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const application = params.get('application') ?? undefined;
  const query = useQuery({
    queryKey: ['event', id, application],
    queryFn: async () => (await client.event(id, { application })) ?? null,
  });

  return (
    <Page title="Event" lead={<code className="break">{id}</code>}>
      {query.data ? (
        <EventDetail event={query.data} />
      ) : query.data === null ? (
        <Empty>
          No stored event has the id <code>{id}</code>
          {application ? (
            <>
              {' '}
              from <code>{application}</code>
            </>
          ) : null}
          . An invalid event is listed under <Link to="/errors">Errors</Link> instead.
        </Empty>
      ) : query.error ? (
        <ProblemView error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Loading label="Loading the event…" rows={8} />
      )}
    </Page>
  );
}

function EventDetail({ event }: { event: StoredEvent }): ReactNode {
  return (
    <div className="detail">
      <section aria-labelledby="event-fields">
        <h2 id="event-fields">Fields</h2>
        <dl className="fields">
          <dt>Id</dt>
          <dd>
            <code className="break">{event.id}</code> <CopyButton text={event.id} label="Copy id" />
          </dd>
          <dt>Application</dt>
          <dd>
            <Link to={eventsHref({ application: event.application, order: 'desc' })}>{event.application}</Link>
          </dd>
          <dt>Session</dt>
          <dd>
            <Link to={sessionHref(event.session_id)} className="break">
              {event.session_id}
            </Link>{' '}
            <CopyButton text={event.session_id} label="Copy session id" />
          </dd>
          <dt>Category / name</dt>
          <dd>
            <Link to={eventsHref({ category: event.category, name: event.name, order: 'desc' })}>
              {event.category} / {event.name}
            </Link>
          </dd>
          <dt>Timestamp</dt>
          <dd>
            <TimeText value={event.timestamp} /> <span className="utc">{event.timestamp}</span>
          </dd>
          <dt>Received</dt>
          <dd>
            <TimeText value={event.received_at} /> <span className="utc">{event.received_at}</span>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="event-data">
        <div className="section-head">
          <h2 id="event-data">Data</h2>
          <CopyButton text={JSON.stringify(event.data, null, 2)} label="Copy data" />
          <CopyButton text={JSON.stringify(event, null, 2)} label="Copy whole event" />
        </div>
        <JsonView value={event.data} label="The event's data as JSON" />
      </section>
      {event.trace_id ? (
        <TraceSection traceId={event.trace_id} />
      ) : (
        <section aria-labelledby="event-trace">
          <h2 id="event-trace">Trace</h2>
          <p className="muted">No trace: tracing was off when this event was sent.</p>
        </section>
      )}
    </div>
  );
}
