import type { SessionSummary, StoredEvent } from '@the-eye/client';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useEye } from '../api/eye';
import { usePages } from '../api/use-pages';
import { CopyButton } from '../components/copy-button';
import { PagesFooter } from '../components/load-more';
import { Page } from '../components/page';
import { Empty, Loading, ProblemView } from '../components/states';
import { TimeText } from '../components/time-text';
import { eventHref, eventsHref } from '../links';
import { formatDuration, parseMicros } from '../time';
import { PAGE_SIZE } from './events-view';

/** One step of the timeline: the event, the time since the previous one and since the session began. */
export interface TimelineStep {
  event: StoredEvent;
  sincePreviousUs: number | undefined;
  sinceStartUs: number;
}

/** The session's events in time order with their gaps; `startUs` is the session's first event time. */
export function timeline(events: readonly StoredEvent[], startUs: number): TimelineStep[] {
  return events.map((event, index) => {
    const at = parseMicros(event.timestamp);
    const previous = events[index - 1];
    return { event, sincePreviousUs: previous ? at - parseMicros(previous.timestamp) : undefined, sinceStartUs: at - startUs };
  });
}

/** `/explorer/sessions/<session_id>`: the summary and the events in time order, to replay what the user did. */
export function SessionView(): ReactNode {
  const { client } = useEye();
  const { sessionId = '' } = useParams();
  const summary = useQuery({
    queryKey: ['session', sessionId],
    queryFn: async () => (await client.session(sessionId)) ?? null,
  });
  const pages = usePages(['session-events', sessionId], (cursor) => client.sessionEvents(sessionId, { limit: PAGE_SIZE }).page(cursor));
  const { query: events, items } = pages;
  const startUs = summary.data ? parseMicros(summary.data.first_seen) : items[0] ? parseMicros(items[0].timestamp) : 0;

  return (
    <Page title="Session" lead={<code className="break">{sessionId}</code>} actions={<CopyButton text={sessionId} label="Copy session id" />}>
      <section aria-labelledby="session-summary">
        <h2 id="session-summary">Summary</h2>
        {summary.data ? (
          <Summary summary={summary.data} />
        ) : summary.data === null ? (
          <Empty>This session has no stored (valid) events. Its invalid events, if any, are under Errors.</Empty>
        ) : summary.error ? (
          <ProblemView error={summary.error} onRetry={() => void summary.refetch()} />
        ) : (
          <Loading label="Loading the session summary…" rows={2} />
        )}
      </section>
      <section aria-labelledby="session-timeline">
        <h2 id="session-timeline">Timeline</h2>
        {events.data ? (
          items.length > 0 ? (
            <>
              <Timeline steps={timeline(items, startUs)} />
              <PagesFooter pages={pages} noun="events" />
            </>
          ) : (
            <Empty>No events in this session.</Empty>
          )
        ) : events.error ? (
          <ProblemView error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <Loading label="Loading the session's events…" />
        )}
      </section>
    </Page>
  );
}

function Summary({ summary }: { summary: SessionSummary }): ReactNode {
  return (
    <dl className="fields summary">
      <dt>First seen</dt>
      <dd>
        <TimeText value={summary.first_seen} />
      </dd>
      <dt>Last seen</dt>
      <dd>
        <TimeText value={summary.last_seen} />
      </dd>
      <dt>Duration</dt>
      <dd>{formatDuration(parseMicros(summary.last_seen) - parseMicros(summary.first_seen))}</dd>
      <dt>Events</dt>
      <dd>{summary.event_count}</dd>
      <dt>Categories</dt>
      <dd>{summary.categories.join(', ')}</dd>
      <dt>Applications</dt>
      <dd>
        {summary.applications.map((application, index) => (
          <span key={application}>
            {index > 0 ? ', ' : ''}
            <Link to={eventsHref({ application, session_id: summary.session_id, order: 'asc' })}>{application}</Link>
          </span>
        ))}
      </dd>
    </dl>
  );
}

function Timeline({ steps }: { steps: readonly TimelineStep[] }): ReactNode {
  return (
    <ol className="timeline" aria-label="The session's events in time order">
      {steps.map(({ event, sincePreviousUs, sinceStartUs }) => (
        <li key={`${event.application}/${event.id}`} className="step">
          <div className="step-times">
            <span className="since-start" title="Since the session began">
              T+{formatDuration(sinceStartUs)}
            </span>
            <span className="since-previous" title="Since the previous event">
              {sincePreviousUs === undefined ? 'start' : `+${formatDuration(sincePreviousUs)}`}
            </span>
          </div>
          <div className="step-body">
            <div>
              <Link to={eventHref(event)} className="step-type">
                {event.category} / {event.name}
              </Link>{' '}
              <span className="muted">
                <TimeText value={event.timestamp} /> · {event.application}
              </span>
            </div>
            <code className="step-data">{JSON.stringify(event.data)}</code>
          </div>
        </li>
      ))}
    </ol>
  );
}
