import { Writable } from 'node:stream';
import { createLogger, REDACTED } from './index';
import { installInMemoryTracing } from './test-support/in-memory-tracing';
import type { InMemoryTracing } from './test-support/in-memory-tracing';

/** A logger whose lines are kept for the test to read back. */
function capturedLogger(options: { pretty?: boolean; level?: string } = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ service: 'eye-test', destination, ...options });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines with service, level name, ISO time and message', () => {
    const { logger, records } = capturedLogger();
    logger.info({ events: 3 }, 'published');
    expect(records()).toEqual([
      expect.objectContaining({ service: 'eye-test', level: 'info', msg: 'published', events: 3, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
    ]);
  });

  it('redacts authorization and token wherever a request or header bag carries them', () => {
    const { logger, lines, records } = capturedLogger();
    logger.info(
      {
        authorization: 'Bearer top-level-secret',
        token: 'eye_app_token_secret',
        headers: { authorization: 'Bearer header-secret', accept: 'application/json' },
        metadata: { authorization: 'Bearer grpc-secret' },
        body: { token: 'body-secret' },
        req: { headers: { authorization: 'Bearer request-secret' } },
      },
      'request received',
    );
    expect(lines.join('\n')).not.toMatch(/secret/);
    const [record] = records();
    expect(record).toMatchObject({
      authorization: REDACTED,
      token: REDACTED,
      headers: { authorization: REDACTED, accept: 'application/json' },
      metadata: { authorization: REDACTED },
      body: { token: REDACTED },
      req: { headers: { authorization: REDACTED } },
    });
  });

  it('honours the level', () => {
    const { logger, records } = capturedLogger({ level: 'warn' });
    logger.info('quiet');
    logger.warn('loud');
    expect(records().map((record) => record.msg)).toEqual(['loud']);
  });

  it('writes human-readable lines when pretty', () => {
    const { logger, lines } = capturedLogger({ pretty: true });
    logger.info({ headers: { authorization: 'Bearer pretty-secret' } }, 'hello');
    expect(lines[0]).toMatch(/INFO.*\[eye-test\] hello/);
    expect(lines.join('\n')).not.toContain('pretty-secret');
  });

  it('omits trace fields outside a span', () => {
    const { logger, records } = capturedLogger();
    logger.info('no span');
    expect(records()[0]).not.toHaveProperty('trace_id');
  });

  describe('inside an active span', () => {
    let tracing: InMemoryTracing;
    beforeAll(() => {
      tracing = installInMemoryTracing();
    });
    afterAll(() => tracing.uninstall());

    it('adds trace_id, span_id and trace_flags exactly once', () => {
      const { logger, lines } = capturedLogger();
      const spanContext = tracing.tracer.startActiveSpan('work', (span) => {
        logger.info({ trace_id: 'caller-supplied' }, 'traced');
        span.end();
        return span.spanContext();
      });
      expect(lines[0].match(/"trace_id"/g)).toHaveLength(1);
      expect(lines[0].match(/"span_id"/g)).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({ span_id: spanContext.spanId, trace_flags: '01' });
    });

    it('uses the span active when the line is written, across awaits', async () => {
      const { logger, records } = capturedLogger();
      const spanId = await tracing.tracer.startActiveSpan('async-work', async (span) => {
        await new Promise((resolve) => setImmediate(resolve));
        logger.info('after await');
        span.end();
        return span.spanContext().spanId;
      });
      expect(records()[0]).toMatchObject({ span_id: spanId, trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    });
  });
});
