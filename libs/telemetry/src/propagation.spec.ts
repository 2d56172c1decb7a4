import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { context, extractTraceContext, injectTraceContext, SpanKind } from './index';
import type { TraceContextSink, TraceContextSource } from './index';
import { installInMemoryTracing } from './test-support/in-memory-tracing';
import type { InMemoryTracing } from './test-support/in-memory-tracing';

/** A Map standing in for NATS headers. */
function mapCarrier(map = new Map<string, string>()): TraceContextSink & TraceContextSource & { map: Map<string, string> } {
  return {
    map,
    set: (key, value) => void map.set(key, value),
    get: (key) => map.get(key),
    keys: () => [...map.keys()],
  };
}

describe('trace context propagation', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = installInMemoryTracing();
  });
  afterAll(() => tracing.uninstall());
  afterEach(() => tracing.exporter.reset());

  it('joins a consumer span to the producer span through a header carrier', () => {
    const carrier = mapCarrier();
    const parent = tracing.tracer.startActiveSpan('publish', { kind: SpanKind.PRODUCER }, (span) => {
      injectTraceContext(carrier);
      span.end();
      return span.spanContext();
    });
    expect(carrier.map.get('traceparent')).toBe(`00-${parent.traceId}-${parent.spanId}-01`);

    const extracted = extractTraceContext(carrier, ROOT_CONTEXT);
    tracing.tracer.startSpan('process', { kind: SpanKind.CONSUMER }, extracted).end();

    const child = tracing.exporter.getFinishedSpans().find((span) => span.name === 'process');
    expect(child?.spanContext().traceId).toBe(parent.traceId);
    expect(child?.parentSpanContext?.spanId).toBe(parent.spanId);
    expect(child?.parentSpanContext?.isRemote).toBe(true);
  });

  it('carries baggage alongside the trace context', () => {
    const carrier = mapCarrier();
    const baggage = propagation.createBaggage({ 'eye.application': { value: 'demo-app' } });
    context.with(propagation.setBaggage(context.active(), baggage), () => injectTraceContext(carrier));
    const extracted = extractTraceContext(carrier, ROOT_CONTEXT);
    expect(propagation.getBaggage(extracted)?.getEntry('eye.application')?.value).toBe('demo-app');
  });

  it('reads headers whatever their casing, and treats empty values as absent', () => {
    const parent = tracing.tracer.startSpan('publish').spanContext();
    const traceparent = `00-${parent.traceId}-${parent.spanId}-01`;
    // NATS MsgHdrs answers '' for a missing key and may keep the sender's casing.
    const carrier: TraceContextSource = {
      get: (key) => (key === 'Traceparent' ? traceparent : ''),
      keys: () => ['Traceparent', 'Nats-Msg-Id'],
    };
    const extracted = trace.getSpanContext(extractTraceContext(carrier, ROOT_CONTEXT));
    expect(extracted).toMatchObject({ traceId: parent.traceId, spanId: parent.spanId, isRemote: true });
  });

  it('leaves the context untouched when the carrier has no trace headers', () => {
    const extracted = extractTraceContext(mapCarrier(), ROOT_CONTEXT);
    expect(trace.getSpanContext(extracted)).toBeUndefined();
  });
});

describe('trace context propagation without an SDK', () => {
  it('injects nothing and extracts the given context', () => {
    const carrier = mapCarrier();
    injectTraceContext(carrier);
    expect(carrier.map.size).toBe(0);
    expect(extractTraceContext(carrier, ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
  });
});
