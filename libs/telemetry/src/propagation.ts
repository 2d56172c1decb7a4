import { context, propagation } from '@opentelemetry/api';
import type { Context, TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/** Somewhere to write trace headers, e.g. NATS `MsgHdrs`; no messaging types needed. */
export interface TraceContextSink {
  set(key: string, value: string): void;
}

/** Somewhere to read trace headers from, e.g. NATS `MsgHdrs` (whose `get` answers `''` when absent). */
export interface TraceContextSource {
  get(key: string): string | undefined;
  keys(): string[];
}

const setter: TextMapSetter<TraceContextSink> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<TraceContextSource> = {
  keys: (carrier) => carrier.keys(),
  get: (carrier, key) => {
    // Header stores may keep the sender's casing (`Traceparent`); propagators ask in lower case.
    const exact = carrier.get(key);
    if (exact) return exact;
    const match = carrier.keys().find((candidate) => candidate.toLowerCase() === key);
    return match === undefined ? undefined : carrier.get(match) || undefined;
  },
};

/**
 * Writes the trace context of `ctx` (the active context by default) into `carrier`: `traceparent`,
 * `tracestate` and `baggage` with the SDK's default propagator. A no-op while telemetry is disabled.
 */
export function injectTraceContext(carrier: TraceContextSink, ctx: Context = context.active()): void {
  propagation.inject(ctx, carrier, setter);
}

/**
 * Reads a trace context from `carrier` on top of `ctx` (the active context by default). Start the
 * consumer's span in the result so it joins the producer's trace.
 */
export function extractTraceContext(carrier: TraceContextSource, ctx: Context = context.active()): Context {
  return propagation.extract(ctx, carrier, getter);
}
