import type { ReactNode } from 'react';
import { formatLocal } from '../time';

/** A time in the reader's local time; the exact UTC value in `dateTime` and as a tooltip. */
export function TimeText({ value }: { value: string }): ReactNode {
  return (
    <time dateTime={value} title={`${value} (UTC)`}>
      {formatLocal(value)}
    </time>
  );
}
