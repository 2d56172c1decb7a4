import { createInstrumentations, isUntracedGrpcMethod } from './instrumentations';
import { opsPathOf } from './ops-paths';

describe('what is kept out of traces', () => {
  it.each(['/metrics', '/healthz', '/readyz', '/readyz?probe=kubelet'])('ops path %s', (target) => {
    expect(opsPathOf(target)).toBeDefined();
  });

  it.each(['/', '/v1/events', '/healthz/extra', '/metricsx', undefined])('but not %s', (target) => {
    expect(opsPathOf(target)).toBeUndefined();
  });

  it.each(['Check', 'Watch', 'List', 'check', 'ServerReflectionInfo', 'serverReflectionInfo'])(
    'gRPC health and reflection method %s',
    (method) => expect(isUntracedGrpcMethod(method)).toBe(true),
  );

  it.each(['PublishEvents', 'ValidateEvent', 'ListEvents', 'GetEvent', 'GetSession', 'ListInvalidEvents', 'GetStats'])(
    'but not The Eye method %s',
    (method) => expect(isUntracedGrpcMethod(method)).toBe(false),
  );
});

describe('createInstrumentations', () => {
  it('instruments http, express, gRPC and MongoDB', () => {
    const instrumentations = createInstrumentations();
    try {
      expect(instrumentations.map((instrumentation) => instrumentation.instrumentationName)).toEqual([
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-grpc',
        '@opentelemetry/instrumentation-mongodb',
      ]);
      expect(instrumentations[3].getConfig()).toMatchObject({ enhancedDatabaseReporting: false });
    } finally {
      // Constructing an instrumentation enables its require hook; undo that.
      for (const instrumentation of instrumentations) instrumentation.disable();
    }
  });
});
