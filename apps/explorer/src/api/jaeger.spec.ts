import trace from '../test-support/jaeger-trace.json';
import { waterfall, type JaegerTrace } from './jaeger';

/** The answer of a real Jaeger (v2.13, `GET /api/traces/<id>`) for one POST /v1/events through the four services. */
const recorded = (trace as { data: JaegerTrace[] }).data[0] as JaegerTrace;

describe('waterfall', () => {
  const layout = waterfall(recorded);

  it('lays out every span of the trace in tree order under its parent', () => {
    expect(layout.rows).toHaveLength(recorded.spans.length);
    expect(layout.services).toEqual(['eye-gateway', 'eye-ingest', 'eye-validator']);
    const first = layout.rows.slice(0, 9).map((row) => [row.depth, row.service, row.operation]);
    expect(first).toEqual([
      [0, 'eye-gateway', 'POST /v1/events'],
      [1, 'eye-gateway', 'middleware - recordRequest'],
      [1, 'eye-gateway', 'router - /'],
      [1, 'eye-gateway', 'middleware - requireBearer'],
      [1, 'eye-gateway', 'request handler'],
      [2, 'eye-gateway', 'grpc.eye.v1.IngestService/PublishEvents'],
      [3, 'eye-ingest', 'grpc.eye.v1.IngestService/PublishEvents'],
      [4, 'eye-ingest', 'find applications'],
      [4, 'eye-ingest', 'send eye.t.193516faad.events'],
    ]);
    // The validator's spans follow from the publish (FOLLOWS_FROM), under it.
    const send = layout.rows.findIndex((row) => row.operation.startsWith('send '));
    expect(layout.rows[send + 1]).toMatchObject({ service: 'eye-validator', depth: 5 });
  });

  it('places each span on the trace’s time axis', () => {
    const root = layout.rows[0];
    expect(root).toMatchObject({ offsetUs: 0, left: 0 });
    for (const row of layout.rows) {
      expect(row.left).toBeGreaterThanOrEqual(0);
      expect(row.left + row.width).toBeLessThanOrEqual(100.2);
    }
    const last = Math.max(...recorded.spans.map((s) => s.startTime + s.duration));
    expect(layout.durationUs).toBe(last - Math.min(...recorded.spans.map((s) => s.startTime)));
  });

  it('keeps spans whose parent is missing, at the top level', () => {
    const orphan = { ...recorded.spans[1], spanID: 'orphan', references: [{ refType: 'CHILD_OF' as const, traceID: recorded.traceID, spanID: 'gone' }] } as JaegerTrace['spans'][number];
    const rows = waterfall({ ...recorded, spans: [...recorded.spans, orphan] }).rows;
    expect(rows.find((row) => row.spanId === 'orphan')).toMatchObject({ depth: 0 });
  });
});
