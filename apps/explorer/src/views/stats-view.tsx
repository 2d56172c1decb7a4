import type { Stats, StatsTimeline } from '@the-eye/client';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { useEye } from '../api/eye';
import { FilterForm, type FilterField } from '../components/filter-form';
import { Page } from '../components/page';
import { Loading, ProblemView } from '../components/states';
import { TimeText } from '../components/time-text';
import { parseMicros, presetWindow, WINDOW_PRESETS, type WindowPresetId } from '../time';

/** The window when the address names none. */
const DEFAULT_WINDOW: WindowPresetId = '24h';

const FIELDS: readonly FilterField[] = [
  { name: 'window', label: 'Window', kind: 'select', options: WINDOW_PRESETS.map((preset) => ({ value: preset.id, label: preset.label })), defaultValue: DEFAULT_WINDOW },
  { name: 'from', label: 'Or from', kind: 'datetime' },
  { name: 'to', label: 'To', kind: 'datetime' },
];

/** Colours of the charts (AA contrast on white, and told apart by more than hue: the legend and table name them). */
export const VALID_COLOR = '#1e6b34';
export const INVALID_COLOR = '#a4161a';

/** One row per type, and what was invalid without a type. */
export interface TypeRow {
  type: string;
  valid: number;
  invalid: number;
}

/** The by-type rows of the stats, most events first; invalid events without a category and name as their own row. */
export function typeRows(stats: Stats): TypeRow[] {
  const rows = stats.by_type.map((row) => ({ type: `${row.category} / ${row.name}`, valid: row.valid, invalid: row.invalid }));
  rows.sort((a, b) => b.valid + b.invalid - (a.valid + a.invalid) || a.type.localeCompare(b.type));
  const untyped = stats.invalid - stats.by_type.reduce((sum, row) => sum + row.invalid, 0);
  if (untyped > 0) rows.push({ type: '(no category and name)', valid: 0, invalid: untyped });
  return rows;
}

/** One minute of the timeline chart. */
export interface MinuteRow {
  /** Local time of day, HH:MM. */
  minute: string;
  valid: number;
  invalid: number;
}

const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The timeline as chart rows (local time of day) and a sentence saying what it shows. */
export function minuteRows(timeline: StatsTimeline): { rows: MinuteRow[]; summary: string } {
  const rows = timeline.buckets.map((bucket) => ({ minute: TIME_OF_DAY.format(new Date(parseMicros(bucket.start) / 1000)), valid: bucket.valid, invalid: bucket.invalid }));
  const peak = rows.reduce<MinuteRow | undefined>((best, row) => (!best || row.valid + row.invalid > best.valid + best.invalid ? row : best), undefined);
  const total = rows.reduce((sum, row) => sum + row.valid + row.invalid, 0);
  const summary =
    peak && total > 0 ? `${total} events over ${rows.length} minutes; the busiest minute, ${peak.minute}, had ${peak.valid} valid and ${peak.invalid} invalid` : `no events over ${rows.length} minutes`;
  return { rows, summary };
}

/** The window's stats and its per-minute timeline (which may fail alone: it covers at most 24 hours). */
interface WindowReads {
  stats: Stats;
  timeline: StatsTimeline | { error: unknown };
}

/** `/explorer/stats`: valid and invalid counts by type for a window, as a chart and a table, and events per minute as a chart. */
export function StatsView(): ReactNode {
  const { client } = useEye();
  const [params] = useSearchParams();
  const preset = (params.get('window') ?? DEFAULT_WINDOW) as WindowPresetId;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const stats = useQuery({
    queryKey: ['stats', preset, from, to],
    // A preset window ends now: each (re)fetch moves it. Both reads cover the same window.
    queryFn: async (): Promise<WindowReads> => {
      const window = from || to ? { from, to } : presetWindow(preset, Date.now());
      const [counts, timeline] = await Promise.all([client.receivedStats(window), client.receivedTimeline(window).catch((error: unknown) => ({ error }))]);
      return { stats: counts, timeline };
    },
  });

  return (
    <Page
      title="Stats"
      lead="What The Eye received in a window, by event type (by time received)."
      actions={
        <button type="button" onClick={() => void stats.refetch()} disabled={stats.isFetching} aria-busy={stats.isFetching}>
          {stats.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      }
    >
      <FilterForm fields={FIELDS} label="Choose the window" />
      {stats.data ? (
        <>
          <StatsBody stats={stats.data.stats} />
          <TimelineSection timeline={stats.data.timeline} onRetry={() => void stats.refetch()} />
        </>
      ) : stats.error ? (
        <ProblemView error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <Loading label="Loading stats…" rows={10} />
      )}
    </Page>
  );
}

function StatsBody({ stats }: { stats: Stats }): ReactNode {
  const rows = typeRows(stats);
  const summary = `${stats.valid} valid and ${stats.invalid} invalid events in ${rows.length} types`;
  return (
    <>
      <p className="window" role="status">
        From <TimeText value={stats.from} /> to <TimeText value={stats.to} />: <strong>{stats.valid}</strong> valid, <strong>{stats.invalid}</strong> invalid.
      </p>
      <section aria-labelledby="by-type">
        <h2 id="by-type">By type</h2>
        <figure className="chart" aria-label={`Chart: ${summary}`} data-summary={summary}>
          {rows.length > 0 ? (
            <BarChart responsive style={{ width: '100%', height: '100%' }} layout="vertical" data={rows} margin={{ top: 8, right: 24, bottom: 8, left: 8 }} title="Valid and invalid events by type" desc={summary}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="type" width={190} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Legend />
              <Bar dataKey="valid" name="Valid" stackId="events" fill={VALID_COLOR} isAnimationActive={false} maxBarSize={36} />
              <Bar dataKey="invalid" name="Invalid" stackId="events" fill={INVALID_COLOR} isAnimationActive={false} maxBarSize={36} />
            </BarChart>
          ) : (
            <p className="empty">Nothing was received in this window.</p>
          )}
        </figure>
        <TypeTable rows={rows} stats={stats} />
      </section>
    </>
  );
}

function TimelineSection({ timeline, onRetry }: { timeline: WindowReads['timeline']; onRetry(): void }): ReactNode {
  if ('error' in timeline) {
    return (
      <section aria-labelledby="per-minute">
        <h2 id="per-minute">Per minute</h2>
        <ProblemView error={timeline.error} onRetry={onRetry} />
      </section>
    );
  }
  const { rows, summary } = minuteRows(timeline);
  return (
    <section aria-labelledby="per-minute">
      <h2 id="per-minute">Per minute</h2>
      <figure className="chart" aria-label={`Chart: ${summary}`} data-summary={summary}>
        <BarChart responsive style={{ width: '100%', height: '100%' }} data={rows} barCategoryGap="15%" margin={{ top: 8, right: 24, bottom: 8, left: 0 }} title="Valid and invalid events received per minute" desc={summary}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="minute" interval="preserveStartEnd" minTickGap={24} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="valid" name="Valid" stackId="events" fill={VALID_COLOR} isAnimationActive={false} />
          <Bar dataKey="invalid" name="Invalid" stackId="events" fill={INVALID_COLOR} isAnimationActive={false} />
        </BarChart>
      </figure>
    </section>
  );
}

/** One row of the table: the type (a row header) and its counts. */
function CountRow({ label, valid, invalid }: { label: string; valid: number; invalid: number }): ReactNode {
  const total = valid + invalid;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num" data-label="Valid">
        {valid}
      </td>
      <td className="num" data-label="Invalid">
        {invalid}
      </td>
      <td className="num" data-label="Invalid share">
        {total === 0 ? '–' : `${((invalid / total) * 100).toFixed(1)} %`}
      </td>
    </tr>
  );
}

function TypeTable({ rows, stats }: { rows: readonly TypeRow[]; stats: Stats }): ReactNode {
  return (
    <div className="table-wrap">
      <table className="data-table stats-table">
        <caption className="visually-hidden">Valid and invalid events by type</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Valid
            </th>
            <th scope="col" className="num">
              Invalid
            </th>
            <th scope="col" className="num">
              Invalid share
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <CountRow key={row.type} label={row.type} valid={row.valid} invalid={row.invalid} />
          ))}
        </tbody>
        <tfoot>
          <CountRow label="All" valid={stats.valid} invalid={stats.invalid} />
        </tfoot>
      </table>
    </div>
  );
}
