import type { InvalidEvent } from '@the-eye/client';
import type { ReactNode } from 'react';

/** The distinct issue codes of an invalid event, as badges. */
export function IssueCodes({ event }: { event: InvalidEvent }): ReactNode {
  const codes = [...new Set(event.issues.map((issue) => issue.code))];
  return (
    <span className="codes">
      {codes.map((code) => (
        <span className="badge badge-invalid" key={code}>
          {code}
        </span>
      ))}
    </span>
  );
}

/** `category / name` of an invalid event, or what it lacked. */
export function invalidType(event: InvalidEvent): string {
  return event.category !== undefined || event.name !== undefined ? `${event.category ?? '(no category)'} / ${event.name ?? '(no name)'}` : '(no type)';
}
