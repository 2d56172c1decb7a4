import { InvalidEventReplayer, RegisteredEventTypes, type ReplayCounts } from '@eye/store';
import { parseEventTimestamp } from '@eye/validators';
import type { Db } from 'mongodb';
import type { Output } from './output';
import { UsageError } from './usage-error';

/** The filters of `errors replay`, as typed on the command line (`from`/`to` bound `received_at`). */
export interface ReplayFilterOptions {
  category?: string;
  name?: string;
  code?: string;
  application?: string;
  from?: string;
  to?: string;
}

/** What `errors replay` needs besides the database. */
export interface ReplayCommandOptions {
  filters: ReplayFilterOptions;
  clockSkewMs: number;
  json: boolean;
}

/**
 * `errors replay [filters]`: validates the matching unresolved invalid events again with the
 * built-in and registered types; those now valid are stored once and their invalid records marked
 * resolved. Prints how many moved and how many are still invalid.
 */
export async function replayErrors(db: Db, output: Output, options: ReplayCommandOptions): Promise<ReplayCounts> {
  const { filters } = options;
  const { registry, unusable } = await new RegisteredEventTypes(db).loadRegistry();
  for (const type of unusable) output.err(`warning: registered type "${type.category}" / "${type.name}" is not in use: ${type.reason}`);
  const counts = await new InvalidEventReplayer(db).replay({
    registry,
    clockSkewMs: options.clockSkewMs,
    filter: {
      category: filters.category,
      name: filters.name,
      code: filters.code,
      application: filters.application,
      fromMicros: micros('--from', filters.from),
      toMicros: micros('--to', filters.to),
    },
  });
  if (options.json) {
    output.out(JSON.stringify({ examined: counts.examined, resolved: counts.resolved, still_invalid: counts.stillInvalid, issues_changed: counts.issuesChanged }));
  } else {
    output.out(`${counts.resolved} of ${counts.examined} unresolved invalid events are now valid and stored; ${counts.stillInvalid} still invalid`);
    if (counts.issuesChanged > 0) output.out(`${counts.issuesChanged} of those still invalid have other issues now; their records were updated`);
  }
  return counts;
}

function micros(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseEventTimestamp(text);
  if (parsed === null) throw new UsageError(`${option} must be an RFC 3339 date-time such as 2026-01-01T00:00:00Z`);
  return parsed.micros;
}
