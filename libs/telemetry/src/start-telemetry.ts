import { diag } from '@opentelemetry/api';
import { getBooleanFromEnv } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { createInstrumentations } from './instrumentations';
import { createTraceExporter, planTraceExport } from './trace-export';

/** What a service says about itself when it starts telemetry. */
export interface TelemetryOptions {
  /** `service.name` on every span, e.g. `eye-ingest`; `OTEL_SERVICE_NAME` overrides it. */
  serviceName: string;
  /** `service.version` on every span. */
  serviceVersion: string;
  /**
   * Base OTLP endpoint, e.g. `http://collector:4318` (`/v1/traces` is appended for HTTP).
   * Precedence: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT` > this > `http://127.0.0.1:4318`.
   */
  otlpEndpoint?: string;
  /** Upper bound for {@link Telemetry.shutdown}; 5000 ms by default. */
  shutdownTimeoutMs?: number;
}

/** The running telemetry of this process. */
export interface Telemetry {
  /** False when `OTEL_SDK_DISABLED=true`: nothing is traced and `shutdown` does nothing. */
  readonly enabled: boolean;
  /**
   * Flushes pending spans and stops the SDK. Never rejects: failures and the timeout are reported
   * through the OpenTelemetry `diag` logger (visible with `OTEL_LOG_LEVEL`). Safe to call twice.
   */
  shutdown(): Promise<void>;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

let running: { telemetry: Telemetry; serviceName: string } | undefined;

const disabledTelemetry: Telemetry = Object.freeze({ enabled: false, shutdown: () => Promise.resolve() });

/**
 * Starts the OpenTelemetry Node SDK once per process: W3C trace context and baggage propagation,
 * spans batched and exported over OTLP (http/protobuf by default), and instrumentation of http,
 * express, gRPC and MongoDB. Call it before those modules are required, i.e. from the first
 * import of `main.ts`. Later calls return the first call's {@link Telemetry}.
 *
 * Only traces are exported: metrics are served by prom-client on the ops server and logs are JSON
 * lines on stdout, so the SDK's metric readers and log processors are turned off. Every other
 * standard `OTEL_*` variable (exporter, protocol, headers, sampler, `OTEL_BSP_*`, resource
 * attributes) is honoured by the SDK, and `OTEL_SDK_DISABLED=true` yields a no-op.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (running) {
    if (running.serviceName !== options.serviceName) {
      diag.warn(`telemetry already started for ${running.serviceName}; ignoring start for ${options.serviceName}`);
    }
    return running.telemetry;
  }
  const telemetry = getBooleanFromEnv('OTEL_SDK_DISABLED') ? disabledTelemetry : startSdk(options);
  running = { telemetry, serviceName: options.serviceName };
  return telemetry;
}

function startSdk(options: TelemetryOptions): Telemetry {
  // The one place this lib looks at the environment; the SDK reads the rest of OTEL_* itself.
  const plan = planTraceExport(process.env, options.otlpEndpoint);
  const sdk = new NodeSDK({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        [ATTR_SERVICE_VERSION]: options.serviceVersion,
      }),
    ),
    // With a traceExporter the SDK wraps it in a BatchSpanProcessor configured from OTEL_BSP_*.
    ...(plan.kind === 'otlp' ? { traceExporter: createTraceExporter(plan) } : {}),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: createInstrumentations(),
  });
  sdk.start();

  let stopping: Promise<void> | undefined;
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  return Object.freeze({
    enabled: true,
    shutdown: () => (stopping ??= shutdownWithin(sdk, timeoutMs)),
  });
}

async function shutdownWithin(sdk: NodeSDK, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([sdk.shutdown().then(() => 'done' as const), timeout]);
    if (outcome === 'timeout') diag.warn(`telemetry shutdown did not finish within ${timeoutMs} ms`);
  } catch (error) {
    diag.error('telemetry shutdown failed', error);
  } finally {
    clearTimeout(timer);
  }
}
