import type { InvalidEvent, ValidationIssue } from '@the-eye/client';
import type { ReactNode } from 'react';
import { useExplorerConfig } from '../api/explorer-config';
import { JsonView } from '../json/json-view';
import { CopyButton } from './copy-button';

/** The issues of an event, one row each: where, which code, what is wrong. */
export function IssueTable({ issues, caption }: { issues: readonly ValidationIssue[]; caption: string }): ReactNode {
  return (
    <div className="table-wrap">
      <table className="data-table issues-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Code</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, index) => (
            <tr key={index}>
              <td data-label="Path">{issue.path === '' ? <span className="muted">(the whole event)</span> : <code>{issue.path}</code>}</td>
              <td data-label="Code">
                <span className="badge badge-invalid">{issue.code}</span>
              </td>
              <td data-label="Message">{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An invalid event's payload exactly as sent, each issue's path highlighted in it with its message beside it. */
export function InvalidEventDetail({ event }: { event: InvalidEvent }): ReactNode {
  const { jaegerUiUrl } = useExplorerConfig();
  const raw = typeof event.raw === 'string' ? event.raw : JSON.stringify(event.raw, null, 2);
  return (
    <div className="invalid-detail">
      <IssueTable issues={event.issues} caption={`Issues of invalid event ${event.id}`} />
      <div className="section-head">
        <h3>Payload as sent</h3>
        <CopyButton text={raw} label="Copy payload" />
        <CopyButton text={event.id} label="Copy id" />
        {event.trace_id ? (
          <a href={`${jaegerUiUrl}/trace/${event.trace_id}`} target="_blank" rel="noreferrer">
            Its trace in Jaeger
          </a>
        ) : null}
      </div>
      <JsonView value={event.raw} issues={event.issues} label={`Payload of invalid event ${event.id}, issues highlighted`} />
    </div>
  );
}
