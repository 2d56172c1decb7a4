import { OTLPTraceExporter as OTLPGrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** The collector The Eye exports to when neither the environment nor the caller names one. */
export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://127.0.0.1:4318';
/** The gRPC counterpart of {@link DEFAULT_OTLP_HTTP_ENDPOINT}, used with `OTEL_EXPORTER_OTLP_PROTOCOL=grpc`. */
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://127.0.0.1:4317';

/** The OTLP wire protocols the SDK understands (`OTEL_EXPORTER_OTLP_PROTOCOL`). */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/**
 * How traces leave the process:
 * - `environment`: the SDK builds the exporters itself from `OTEL_*` variables;
 * - `otlp`: we build one OTLP exporter, because no endpoint is set in the environment.
 */
export type TraceExportPlan = { kind: 'environment' } | { kind: 'otlp'; protocol: OtlpProtocol; url: string };

type Env = Readonly<Record<string, string | undefined>>;

function envValue(env: Env, name: string): string | undefined {
  // Same rule as the SDK: blank counts as unset.
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function otlpProtocol(env: Env): OtlpProtocol {
  const protocol = envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? envValue(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  return protocol === 'grpc' || protocol === 'http/json' ? protocol : 'http/protobuf';
}

/** Appends the OTLP/HTTP traces path to a base endpoint, as the SDK does for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
function tracesUrl(endpoint: string): string {
  return `${endpoint.endsWith('/') ? endpoint : `${endpoint}/`}v1/traces`;
}

/**
 * Decides where traces go. Precedence: explicit `OTEL_*` environment > `otlpEndpoint` > default.
 * Any traces or base OTLP endpoint variable, or an `OTEL_TRACES_EXPORTER` other than `otlp`, hands
 * the whole decision to the SDK; otherwise one exporter is built for `otlpEndpoint` (a base URL such
 * as `http://collector:4318`, `/v1/traces` is appended for HTTP) or the loopback default, speaking
 * the protocol the environment asks for (http/protobuf unless told otherwise).
 */
export function planTraceExport(env: Env, otlpEndpoint?: string): TraceExportPlan {
  const exporters = envValue(env, 'OTEL_TRACES_EXPORTER');
  if (
    envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined ||
    envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined ||
    (exporters !== undefined && exporters !== 'otlp')
  ) {
    return { kind: 'environment' };
  }
  const protocol = otlpProtocol(env);
  if (protocol === 'grpc') return { kind: 'otlp', protocol, url: otlpEndpoint ?? DEFAULT_OTLP_GRPC_ENDPOINT };
  return { kind: 'otlp', protocol, url: tracesUrl(otlpEndpoint ?? DEFAULT_OTLP_HTTP_ENDPOINT) };
}

/** Builds the exporter for an `otlp` plan; headers, timeout and compression still come from `OTEL_*`. */
export function createTraceExporter(plan: Extract<TraceExportPlan, { kind: 'otlp' }>): SpanExporter {
  switch (plan.protocol) {
    case 'grpc':
      return new OTLPGrpcTraceExporter({ url: plan.url });
    case 'http/json':
      return new OTLPJsonTraceExporter({ url: plan.url });
    case 'http/protobuf':
      return new OTLPProtoTraceExporter({ url: plan.url });
  }
}
