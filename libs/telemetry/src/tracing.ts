import { trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';

export { context, propagation, trace, ROOT_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
export type { Attributes, Context, Link, Span, SpanContext, SpanOptions, Tracer } from '@opentelemetry/api';

/**
 * The tracer for one instrumentation scope, e.g. `getTracer('eye-validator')`. Returns a no-op
 * tracer until (or unless) {@link startTelemetry} registered the SDK.
 */
export function getTracer(name: string, version?: string): Tracer {
  return trace.getTracer(name, version);
}
