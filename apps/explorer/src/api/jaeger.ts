/**
 * One trace as Jaeger's HTTP API gives it (`GET /api/traces/<id>`, the API behind Jaeger's UI),
 * read through the gateway's `/explorer/jaeger/` proxy, and laid out as a waterfall.
 */
import type { GetJson } from './gateway-json';

/** A span in Jaeger's UI API (times in microseconds since the epoch). */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[] | null;
  startTime: number;
  duration: number;
  tags?: { key: string; type?: string; value: unknown }[] | null;
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** One row of the waterfall: a span, indented under its parent, placed on the trace's time axis. */
export interface WaterfallRow {
  spanId: string;
  service: string;
  operation: string;
  depth: number;
  /** Microseconds after the trace's first span started. */
  offsetUs: number;
  durationUs: number;
  /** Position and width on the axis, in percent of the trace's duration. */
  left: number;
  width: number;
  error: boolean;
}

export interface Waterfall {
  traceId: string;
  startUs: number;
  durationUs: number;
  services: string[];
  rows: WaterfallRow[];
}

/** Reads a trace through the gateway (needs a `query` token; the token goes no further than the gateway). */
export async function fetchTrace(getJson: GetJson, traceId: string): Promise<JaegerTrace> {
  const body = await getJson<{ data?: JaegerTrace[] | null }>(`/explorer/jaeger/api/traces/${encodeURIComponent(traceId)}`);
  const trace = body.data?.[0];
  if (!trace || !Array.isArray(trace.spans)) throw new Error(`Jaeger answered without trace ${traceId}`);
  return trace;
}

const failed = (span: JaegerSpan) =>
  (span.tags ?? []).some(({ key, value }) => (key === 'error' && (value === true || value === 'true')) || (key === 'otel.status_code' && value === 'ERROR'));

/**
 * The spans in tree order: each under its parent (its `CHILD_OF` reference, else its first
 * `FOLLOWS_FROM`, when that span is in the trace), siblings by start time; spans whose parent
 * is missing start their own subtree.
 */
export function waterfall(trace: JaegerTrace): Waterfall {
  const spans = [...trace.spans].sort((a, b) => a.startTime - b.startTime || a.spanID.localeCompare(b.spanID));
  const ids = new Set(spans.map((span) => span.spanID));
  const parentOf = (span: JaegerSpan): string | undefined => {
    const refs = span.references ?? [];
    const ref = refs.find((r) => r.refType === 'CHILD_OF' && ids.has(r.spanID)) ?? refs.find((r) => ids.has(r.spanID));
    return ref && ref.spanID !== span.spanID ? ref.spanID : undefined;
  };
  const children = new Map<string | undefined, JaegerSpan[]>();
  for (const span of spans) {
    const parent = parentOf(span);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const startUs = spans.length > 0 ? Math.min(...spans.map((s) => s.startTime)) : 0;
  const endUs = spans.length > 0 ? Math.max(...spans.map((s) => s.startTime + s.duration)) : 0;
  const durationUs = Math.max(endUs - startUs, 1);
  const rows: WaterfallRow[] = [];
  const visited = new Set<string>();
  const visit = (span: JaegerSpan, depth: number) => {
    if (visited.has(span.spanID)) return;
    visited.add(span.spanID);
    const offsetUs = span.startTime - startUs;
    rows.push({
      spanId: span.spanID,
      service: trace.processes[span.processID]?.serviceName ?? span.processID,
      operation: span.operationName,
      depth,
      offsetUs,
      durationUs: span.duration,
      left: (offsetUs / durationUs) * 100,
      width: Math.max((span.duration / durationUs) * 100, 0.2),
      error: failed(span),
    });
    for (const child of children.get(span.spanID) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(undefined) ?? []) visit(root, 0);
  // A reference cycle (a broken trace) leaves spans unvisited: list them at the top level.
  for (const span of spans) visit(span, 0);
  return { traceId: trace.traceID, startUs, durationUs: endUs - startUs, services: [...new Set(rows.map((row) => row.service))], rows };
}
