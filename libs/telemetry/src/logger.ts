import { hostname } from 'node:os';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import pinoPretty from 'pino-pretty';

/** The logger every Eye service uses: pino, JSON lines on stdout unless told otherwise. */
export type Logger = PinoLogger;

/** How a service's logger is made. */
export interface LoggerOptions {
  /** Written as `service` on every line, e.g. `eye-validator`. */
  service: string;
  /** pino level name; `info` by default. */
  level?: string;
  /** Human-readable colored lines via pino-pretty, for `npm start`; JSON lines otherwise. */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream they read back. */
  destination?: DestinationStream;
}

/** Censor written in place of a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Fields never written in clear: bearer tokens and application tokens, at the top level, one level
 * down (`headers.authorization`, `metadata.authorization`, `body.token`) and in request-shaped objects
 * (`req.headers.authorization`).
 */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'token',
  '*.token',
];

/**
 * The single source of `trace_id`, `span_id` and `trace_flags` (the keys instrumentation-pino would
 * write, which is deliberately not registered): reading the active span here works whichever order
 * pino and the SDK were loaded in, and in tests without the SDK.
 */
function traceCorrelation(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`,
  };
}

/**
 * Creates a service's root logger. Lines carry `level` (as a name), ISO `time`, `service`, `pid`,
 * `hostname`, `msg`, and `trace_id`/`span_id` while a span is active; secrets in
 * {@link REDACTED_PATHS} are replaced by {@link REDACTED}.
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.pretty
    ? pinoPretty({
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
        messageFormat: '[{service}] {msg}',
        // On stdout pino-pretty colors when the terminal supports it; a given stream gets plain text.
        ...(options.destination ? { destination: options.destination, colorize: false } : {}),
      })
    : options.destination;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
      mixin: traceCorrelation,
    },
    destination,
  );
}
