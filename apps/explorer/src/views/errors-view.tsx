import type { InvalidEvent } from '@the-eye/client';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useEye } from '../api/eye';
import { usePages } from '../api/use-pages';
import { FilterForm, filtersFrom, type FilterField } from '../components/filter-form';
import { InvalidEventDetail } from '../components/invalid-event-detail';
import { invalidType, IssueCodes } from '../components/issue-codes';
import { PagesFooter } from '../components/load-more';
import { Page } from '../components/page';
import { Empty, Loading, ProblemView } from '../components/states';
import { TimeText } from '../components/time-text';
import { ISSUE_CODES } from '../issue-codes';
import { sessionHref } from '../links';
import { PAGE_SIZE } from './events-view';

const FIELDS: readonly FilterField[] = [
  { name: 'code', label: 'Issue code', kind: 'select', options: [{ value: '', label: 'Any code' }, ...ISSUE_CODES.map((code) => ({ value: code, label: code }))] },
  { name: 'category', label: 'Category' },
  { name: 'name', label: 'Name' },
  { name: 'application', label: 'Application' },
  { name: 'from', label: 'Received from', kind: 'datetime' },
  { name: 'to', label: 'Received before', kind: 'datetime' },
];

/**
 * `/explorer/errors`: invalid events newest first, filtered by code, type, application and
 * receipt time. Each one opens in place to its payload as sent, with every issue highlighted;
 * `?open=<id>` opens one when the view loads.
 */
export function ErrorsView(): ReactNode {
  const { client } = useEye();
  const [params] = useSearchParams();
  const filters = { ...filtersFrom(params, FIELDS), limit: PAGE_SIZE };
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(params.getAll('open')));
  const pages = usePages(['errors', filters], (cursor) => client.errors(filters).page(cursor));
  const { query, items: errors } = pages;
  // An event is open under `<application>/<id>`, or under its bare id when the address opened it.
  const isOpen = (error: InvalidEvent) => open.has(`${error.application}/${error.id}`) || open.has(error.id);
  const toggle = (error: InvalidEvent) => {
    const next = new Set(open);
    if (isOpen(error)) {
      next.delete(`${error.application}/${error.id}`);
      next.delete(error.id);
    } else {
      next.add(`${error.application}/${error.id}`);
    }
    setOpen(next);
  };

  return (
    <Page title="Errors" lead="Invalid events, newest first, kept exactly as they were sent.">
      <FilterForm fields={FIELDS} label="Filter invalid events" />
      {query.data ? (
        errors.length > 0 ? (
          <>
            <ul className="error-list" aria-label="Invalid events">
              {errors.map((error) => (
                <ErrorItem key={`${error.application}/${error.id}`} error={error} expanded={isOpen(error)} onToggle={() => toggle(error)} />
              ))}
            </ul>
            <PagesFooter pages={pages} noun="invalid events" />
          </>
        ) : (
          <Empty>No invalid events match these filters.</Empty>
        )
      ) : query.error ? (
        <ProblemView error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Loading label="Loading invalid events…" />
      )}
    </Page>
  );
}

function ErrorItem({ error, expanded, onToggle }: { error: InvalidEvent; expanded: boolean; onToggle(): void }): ReactNode {
  const detailId = `error-${error.application}-${error.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return (
    <li className="error-item">
      <div className="error-summary">
        <button type="button" className="disclosure" aria-expanded={expanded} aria-controls={detailId} onClick={onToggle}>
          <span className="visually-hidden">{expanded ? 'Hide' : 'Show'} payload and issues of </span>
          <TimeText value={error.received_at} />
        </button>
        <span className="error-type">{invalidType(error)}</span>
        <span className="muted">{error.application}</span>
        {error.session_id !== undefined ? (
          <Link to={sessionHref(error.session_id)} className="break">
            session {error.session_id}
          </Link>
        ) : null}
        <IssueCodes event={error} />
        {error.resolved_at ? <span className="badge badge-resolved" title={`Stored as valid after a replay, ${error.resolved_at}`}>resolved</span> : null}
      </div>
      <div id={detailId} hidden={!expanded}>
        {expanded ? <InvalidEventDetail event={error} /> : null}
      </div>
    </li>
  );
}
