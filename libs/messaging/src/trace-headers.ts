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
