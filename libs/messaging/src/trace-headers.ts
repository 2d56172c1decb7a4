import { context, propagation, type Context } from '@opentelemetry/api';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

/** Writes the active trace context (W3C traceparent/tracestate) into NATS message headers. */
export function headersWithTraceContext(active: Context = context.active()): MsgHdrs {
  const hdrs = natsHeaders();
  propagation.inject(active, hdrs, { set: (carrier, key, value) => carrier.set(key, value) });
  return hdrs;
}

/** Reads the producer's trace context back out of NATS message headers. */
export function traceContextFrom(hdrs: MsgHdrs | undefined): Context {
  if (!hdrs) return context.active();
  return propagation.extract(context.active(), hdrs, {
    get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined),
    keys: (carrier) => carrier.keys(),
  });
}

/** A W3C `traceparent`: version, trace id, parent span id, flags. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The trace id in a message's `traceparent` header (32 lowercase hex digits), or undefined when it
 * has none or an all-zero one. Read from the header itself, so it does not depend on tracing
 * being on in the process that reads it.
 */
export function traceIdFrom(hdrs: MsgHdrs | undefined): string | undefined {
  const match = TRACEPARENT.exec(hdrs?.get('traceparent') ?? '');
  return match && !/^0+$/.test(match[1]) ? match[1] : undefined;
}
