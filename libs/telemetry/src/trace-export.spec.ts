import { OTLPTraceExporter as OTLPGrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { createTraceExporter, planTraceExport } from './trace-export';

describe('planTraceExport', () => {
  it('exports http/protobuf to the loopback collector by default', () => {
    expect(planTraceExport({})).toEqual({ kind: 'otlp', protocol: 'http/protobuf', url: 'http://127.0.0.1:4318/v1/traces' });
  });

  it('prefers the caller endpoint over the default, appending the traces path once', () => {
    expect(planTraceExport({}, 'http://collector:4318')).toMatchObject({ url: 'http://collector:4318/v1/traces' });
    expect(planTraceExport({}, 'http://collector:4318/')).toMatchObject({ url: 'http://collector:4318/v1/traces' });
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://env:4318'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'http://env:4318/v1/traces'],
    ['OTEL_TRACES_EXPORTER', 'console'],
    ['OTEL_TRACES_EXPORTER', 'none'],
    ['OTEL_TRACES_EXPORTER', 'otlp,console'],
  ])('leaves everything to the SDK when %s=%s', (name, value) => {
    expect(planTraceExport({ [name]: value }, 'http://option:4318')).toEqual({ kind: 'environment' });
  });

  it('treats blank variables as unset, like the SDK', () => {
    expect(planTraceExport({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ', OTEL_TRACES_EXPORTER: '' })).toMatchObject({ kind: 'otlp' });
    expect(planTraceExport({ OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({ kind: 'otlp' });
  });

  it('speaks the protocol the environment asks for, signal-specific first', () => {
    expect(planTraceExport({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toEqual({
      kind: 'otlp',
      protocol: 'http/json',
      url: 'http://127.0.0.1:4318/v1/traces',
    });
    expect(
      planTraceExport({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }),
    ).toEqual({ kind: 'otlp', protocol: 'grpc', url: 'http://127.0.0.1:4317' });
    expect(planTraceExport({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'http://collector:4317')).toMatchObject({
      url: 'http://collector:4317',
    });
  });
});

describe('createTraceExporter', () => {
  it.each([
    ['http/protobuf', OTLPProtoTraceExporter],
    ['http/json', OTLPJsonTraceExporter],
    ['grpc', OTLPGrpcTraceExporter],
  ] as const)('builds the %s exporter', async (protocol, exporterClass) => {
    const exporter = createTraceExporter({ kind: 'otlp', protocol, url: 'http://127.0.0.1:4318/v1/traces' });
    expect(exporter).toBeInstanceOf(exporterClass);
    await exporter.shutdown();
  });
});
