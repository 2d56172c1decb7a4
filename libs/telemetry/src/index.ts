/**
 * OpenTelemetry start/shutdown, logging, Prometheus metrics and the ops endpoints of every Eye
 * service. `startTelemetry` runs before anything else is loaded; `Telemetry.shutdown` runs last.
 */
export { startTelemetry, type Telemetry, type TelemetryOptions } from './start-telemetry';
export { DEFAULT_OTLP_HTTP_ENDPOINT, DEFAULT_OTLP_GRPC_ENDPOINT } from './trace-export';
export { createLogger, REDACTED, REDACTED_PATHS, type Logger, type LoggerOptions } from './logger';
export { createMetricsRegistry } from './metrics-registry';
export {
  registerRequestMetrics,
  REQUEST_DURATION_METRIC,
  REQUEST_TOTAL_METRIC,
  REQUEST_DURATION_BUCKETS,
  type RequestMetrics,
  type RequestOutcome,
  type RequestLabel,
} from './request-metrics';
export {
  startOpsServer,
  OpsServerError,
  isOpsServerError,
  type OpsServer,
  type OpsServerOptions,
} from './ops-server';
export { OPS_PATHS, opsPathOf, type OpsPath } from './ops-paths';
export {
  injectTraceContext,
  extractTraceContext,
  type TraceContextSink,
  type TraceContextSource,
} from './propagation';
export {
  getTracer,
  context,
  propagation,
  trace,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type SpanOptions,
  type Tracer,
} from './tracing';
export {
  ATTR_MESSAGING_SYSTEM,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  MESSAGING_SYSTEM_NATS,
  MESSAGING_OPERATION_TYPE,
} from './messaging-attributes';
export { shutdownOnSignals, type ShutdownStep, type ShutdownOptions } from './shutdown';
export { retryUntilReady } from './retry';
