import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useExplorerConfig } from '../api/explorer-config';
import { useEye } from '../api/eye';
import { fetchTrace, waterfall, type Waterfall } from '../api/jaeger';
import { describeProblem } from '../api/problems';
import { formatSpanDuration } from '../time';
import { CopyButton } from './copy-button';
import { Loading } from './states';

/**
 * The trace of the request that carried an event: a link to it in Jaeger's UI, and its spans as
 * a waterfall read from Jaeger's HTTP API through the gateway, when Jaeger has it.
 */
export function TraceSection({ traceId }: { traceId: string }): ReactNode {
  const { getJson } = useEye();
  const { jaegerUiUrl } = useExplorerConfig();
  const trace = useQuery({ queryKey: ['trace', traceId], queryFn: () => fetchTrace(getJson, traceId) });

  return (
    <section aria-labelledby="event-trace">
      <div className="section-head">
        <h2 id="event-trace">Trace</h2>
        <code className="break">{traceId}</code>
        <CopyButton text={traceId} label="Copy trace id" />
        <a href={`${jaegerUiUrl}/trace/${traceId}`} target="_blank" rel="noreferrer">
          Open in Jaeger
        </a>
      </div>
      {trace.data ? (
        <WaterfallTable layout={waterfall(trace.data)} />
      ) : trace.error ? (
        <TraceUnavailable error={trace.error} onRetry={() => void trace.refetch()} />
      ) : (
        <Loading label="Loading the trace from Jaeger…" rows={4} />
      )}
    </section>
  );
}

function TraceUnavailable({ error, onRetry }: { error: unknown; onRetry(): void }): ReactNode {
  const problem = describeProblem(error);
  const detail =
    problem.kind === 'not_found'
      ? 'Jaeger does not have this trace (yet): spans reach it a few seconds after the request, and an in-memory Jaeger forgets old traces.'
      : problem.kind === 'unavailable'
        ? `Jaeger's API cannot be read through the gateway now (${problem.detail}). The link above works wherever your browser reaches Jaeger.`
        : problem.detail;
  return (
    <div className="problem problem-soft" role="status">
      <p className="problem-title">No waterfall</p>
      <p>{detail}</p>
      <div className="problem-actions">
        <button type="button" className="secondary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </div>
  );
}

/** The spans as rows: service, operation indented under its parent, a bar on the trace's time axis, duration. */
export function WaterfallTable({ layout }: { layout: Waterfall }): ReactNode {
  return (
    <>
      <p className="muted">
        {layout.rows.length} spans in {layout.services.join(', ')} over {formatSpanDuration(layout.durationUs)}.
      </p>
      <div className="table-wrap">
        <table className="data-table waterfall">
          <caption className="visually-hidden">Spans of trace {layout.traceId}, in call order</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Operation</th>
              <th scope="col" className="waterfall-axis">
                Timeline
              </th>
              <th scope="col" className="num">
                Duration
              </th>
            </tr>
          </thead>
          <tbody>
            {layout.rows.map((row) => (
              <tr key={row.spanId} className={row.error ? 'span-error' : undefined}>
                <td data-label="Service">{row.service}</td>
                <td data-label="Operation" style={{ paddingLeft: `${0.6 + row.depth * 0.9}rem` }}>
                  {row.operation}
                  {row.error ? <span className="badge badge-invalid">error</span> : null}
                </td>
                <td data-label="Starts" className="waterfall-axis">
                  <span className="visually-hidden">starts at +{formatSpanDuration(row.offsetUs)}</span>
                  <span className="waterfall-track" aria-hidden="true">
                    <span className="waterfall-bar" style={{ left: `${row.left}%`, width: `${row.width}%` }} />
                  </span>
                </td>
                <td data-label="Duration" className="num">
                  {formatSpanDuration(row.durationUs)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
