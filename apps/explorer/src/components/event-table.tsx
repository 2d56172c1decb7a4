import type { StoredEvent } from '@the-eye/client';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { eventHref, sessionHref } from '../links';
import { TimeText } from './time-text';

export interface EventTableProps {
  events: readonly StoredEvent[];
  /** Names the table for assistive technology. */
  caption: string;
  /** Marks events as new (e.g. arrived since the view opened). */
  isNew?: (event: StoredEvent) => boolean;
}

/** Stored events, one row each: when, who, what, which session, and the data at a glance. */
export function EventTable({ events, caption, isNew }: EventTableProps): ReactNode {
  return (
    <div className="table-wrap">
      <table className="data-table events-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Application</th>
            <th scope="col">Type</th>
            <th scope="col">Session</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={`${event.application}/${event.id}`} className={isNew?.(event) ? 'is-new' : undefined}>
              <td data-label="Time">
                <Link to={eventHref(event)}>
                  <TimeText value={event.timestamp} />
                  <span className="visually-hidden">, event {event.id}</span>
                </Link>
                {isNew?.(event) ? <span className="badge badge-new">new</span> : null}
              </td>
              <td data-label="Application">{event.application}</td>
              <td data-label="Type">
                {event.category} / {event.name}
              </td>
              <td data-label="Session">
                <Link to={sessionHref(event.session_id)}>{event.session_id}</Link>
              </td>
              <td data-label="Data">
                <code>{JSON.stringify(event.data)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
