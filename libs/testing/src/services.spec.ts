import { readinessUrl, serviceEnv } from './services';

describe('serviceEnv', () => {
  const base = { PATH: '/bin', HOME: '/home/x', SECRET: 'leak', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x' };

  it('starts from a minimal environment, not the test process one', () => {
    const env = serviceEnv({ EYE_HTTP_PORT: '1234' }, base);
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/x',
      NODE_ENV: 'test',
      EYE_LOG_LEVEL: 'warn',
      EYE_STREAM_MAX_BYTES: '64mb',
      EYE_GATEWAY_WORKERS: '1',
      OTEL_SDK_DISABLED: 'true',
      EYE_HTTP_PORT: '1234',
    });
  });

  it('lets the caller set the log level and turn telemetry on', () => {
    const env = serviceEnv({ EYE_LOG_LEVEL: 'debug', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, base);
    expect(env['EYE_LOG_LEVEL']).toBe('debug');
    expect(env['OTEL_SDK_DISABLED']).toBeUndefined();
  });
});

describe('readinessUrl', () => {
  it('polls the gateway /healthz and the other services ops /readyz', () => {
    expect(readinessUrl('gateway', { EYE_HTTP_PORT: '8001' })).toBe('http://127.0.0.1:8001/healthz');
    expect(readinessUrl('validator', { EYE_METRICS_PORT: '9999' })).toBe('http://127.0.0.1:9999/readyz');
  });

  it('refuses to guess a port', () => {
    expect(() => readinessUrl('ingest', {})).toThrow(/EYE_METRICS_PORT/);
    expect(() => readinessUrl('gateway', { EYE_HTTP_PORT: '0' })).toThrow(/EYE_HTTP_PORT/);
  });
});
