/**
 * One trace from HTTP to MongoDB: the four services run as processes with telemetry on, exporting
 * over OTLP/HTTP (JSON) to a receiver in this test. A POST must come back as a single trace,
 * gateway → ingest → JetStream publish → validator receive/process → MongoDB insert, and a GET as
 * gateway → query → MongoDB; every hop a parent/child edge, the consumer side also linked to the
 * producer, and the logs of those requests carrying the same trace id.
 */
import { createTestApplication, startStack, uniqueSuffix, type Stack, type TestApplication } from '@eye/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OTLP_SPAN_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './test-support/otlp-receiver';

/** A W3C trace context of our own, sent as `traceparent`, so the test knows the trace id beforehand. */
function clientTraceContext() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

function one(spans: ReceivedSpan[], what: string, predicate: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(predicate);
  if (found.length !== 1) {
    throw new Error(`expected one ${what}, found ${found.length} among:\n  ${spans.map((s) => `${s.service}: ${s.name}`).join('\n  ')}`);
  }
  return found[0];
}

/** True when `span` is `ancestor` or sits below it through parent ids within `spans`. */
function descendsFrom(span: ReceivedSpan, ancestor: ReceivedSpan, spans: ReceivedSpan[]): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (let current: ReceivedSpan | undefined = span; current; current = byId.get(current.parentSpanId)) {
    if (current.spanId === ancestor.spanId) return true;
  }
  return false;
}

/** Spans whose parent is neither the client's span nor another span of the trace, as `service: name`. */
function orphans(trace: ReceivedSpan[], clientSpanId: string): string[] {
  const ids = new Set([clientSpanId, ...trace.map((span) => span.spanId)]);
  return trace.filter((span) => !ids.has(span.parentSpanId)).map((span) => `${span.service}: ${span.name}`);
}

const isMongo = (span: ReceivedSpan, operation: string, collection: string) =>
  span.kind === OTLP_SPAN_KIND.CLIENT &&
  (span.attributes['db.system.name'] ?? span.attributes['db.system']) === 'mongodb' &&
  (span.attributes['db.operation.name'] ?? span.attributes['db.operation']) === operation &&
  (span.attributes['db.collection.name'] ?? span.attributes['db.mongodb.collection']) === collection;

/** Lines of a service's log that are JSON objects. */
function logLines(logFile: string): Record<string, unknown>[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('tracing across gateway, ingest, JetStream, validator, query and MongoDB', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  let app: TestApplication;
  let subject: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({
      env: {
        OTEL_SDK_DISABLED: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        // Export finished spans within a fifth of a second instead of the default five.
        OTEL_BSP_SCHEDULE_DELAY: '200',
        // One line per request and per batch is logged at info.
        EYE_LOG_LEVEL: 'info',
        // The harness NATS reserves each stream's max_bytes on disk: keep ours small.
        EYE_STREAM_MAX_BYTES: '64mb',
      },
    });
    app = await createTestApplication(stack.mongoUrl, { scopes: ['ingest', 'query'] });
    subject = stack.env['EYE_STREAM_SUBJECT'] ?? '';
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  const event = (sessionId: string) => ({
    event_id: `trace-${uniqueSuffix()}`,
    session_id: sessionId,
    category: 'page interaction',
    name: 'pageview',
    data: { host: 'www.example.com', path: '/traced' },
    timestamp: new Date(Date.now() - 1_000).toISOString(),
  });

  it('shows a POST as one trace: gateway → ingest → publish → validator → MongoDB insert', async () => {
    const client = clientTraceContext();
    const sessionId = `session-${uniqueSuffix()}`;
    const sent = event(sessionId);
    const response = await fetch(`${stack.gatewayUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json', traceparent: client.traceparent },
      body: JSON.stringify(sent),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, ids: [sent.event_id] });

    // Every hop has exported (the process span ends last in the validator, after the insert).
    const trace = await receiver.waitForTrace(client.traceId, (spans) =>
      [
        (span: ReceivedSpan) => span.service === 'eye-gateway' && span.kind === OTLP_SPAN_KIND.SERVER,
        (span: ReceivedSpan) => span.service === 'eye-ingest' && span.kind === OTLP_SPAN_KIND.SERVER,
        (span: ReceivedSpan) => span.service === 'eye-validator' && span.kind === OTLP_SPAN_KIND.CONSUMER,
        (span: ReceivedSpan) => span.service === 'eye-validator' && isMongo(span, 'insert', 'events'),
      ].every((wanted) => spans.some(wanted)),
    );

    expect(new Set(trace.map((span) => span.service))).toEqual(new Set(['eye-gateway', 'eye-ingest', 'eye-validator']));
    for (const span of trace) expect(span.serviceVersion).toMatch(/^\d+\.\d+\.\d+/);
    // One trace, no orphans: every span's parent is our client span or another span of the trace.
    expect(orphans(trace, client.spanId)).toEqual([]);

    const httpServer = one(trace, 'gateway HTTP server span', (s) => s.service === 'eye-gateway' && s.kind === OTLP_SPAN_KIND.SERVER);
    expect(httpServer.parentSpanId).toBe(client.spanId);
    // The token's first use also asks ingest's AuthService (then cached): a span of its own.
    const publishing = (s: ReceivedSpan) => s.name.includes('eye.v1.IngestService/PublishEvents');
    const grpcClient = one(trace, 'gateway gRPC client span', (s) => s.service === 'eye-gateway' && s.kind === OTLP_SPAN_KIND.CLIENT && publishing(s));
    expect(descendsFrom(grpcClient, httpServer, trace)).toBe(true);
    const authClient = one(trace, 'gateway token lookup span', (s) => s.service === 'eye-gateway' && s.kind === OTLP_SPAN_KIND.CLIENT && s.name.includes('eye.v1.AuthService/Authenticate'));
    expect(descendsFrom(authClient, httpServer, trace)).toBe(true);

    const grpcServer = one(trace, 'ingest gRPC server span', (s) => s.service === 'eye-ingest' && s.kind === OTLP_SPAN_KIND.SERVER && publishing(s));
    expect(grpcServer.parentSpanId).toBe(grpcClient.spanId);

    const messageId = `${app.name}/${sent.event_id}`;
    const send = one(trace, 'JetStream publish span', (s) => s.kind === OTLP_SPAN_KIND.PRODUCER);
    expect(send).toMatchObject({
      service: 'eye-ingest',
      name: `send ${subject}`,
      attributes: expect.objectContaining({
        'messaging.system': 'nats',
        'messaging.operation.type': 'send',
        'messaging.destination.name': subject,
        'messaging.message.id': messageId,
        'messaging.batch.message_count': 1,
      }),
    });
    expect(descendsFrom(send, grpcServer, trace)).toBe(true);

    const consumerAttributes = {
      'messaging.system': 'nats',
      'messaging.destination.name': subject,
      // The durable consumer of the event's partition (the only one by default): `<name>-0`.
      'messaging.consumer.group.name': `${stack.env['EYE_CONSUMER_NAME']}-0`,
      'messaging.message.id': messageId,
      'messaging.batch.message_count': 1,
    };
    const receive = one(trace, 'validator receive span', (s) => s.name === `receive ${subject}`);
    expect(receive).toMatchObject({
      service: 'eye-validator',
      kind: OTLP_SPAN_KIND.CLIENT,
      parentSpanId: send.spanId,
      links: [{ traceId: client.traceId, spanId: send.spanId }],
      attributes: expect.objectContaining({ ...consumerAttributes, 'messaging.operation.type': 'receive' }),
    });
    const processing = one(trace, 'validator process span', (s) => s.kind === OTLP_SPAN_KIND.CONSUMER);
    expect(processing).toMatchObject({
      service: 'eye-validator',
      name: `process ${subject}`,
      parentSpanId: send.spanId,
      links: [{ traceId: client.traceId, spanId: send.spanId }],
      attributes: expect.objectContaining({ ...consumerAttributes, 'messaging.operation.type': 'process' }),
    });
    // Received after it was published, processed after it was received.
    expect(receive.startNanos).toBeGreaterThanOrEqual(send.startNanos);
    expect(processing.startNanos).toBeGreaterThanOrEqual(receive.endNanos);

    const validate = one(trace, 'validate span', (s) => s.name === 'validate events');
    expect(validate).toMatchObject({ service: 'eye-validator', parentSpanId: processing.spanId });
    expect(validate.attributes).toMatchObject({ 'eye.events.valid': 1, 'eye.events.invalid': 0 });
    const store = one(trace, 'store span', (s) => s.name === 'store events');
    expect(store).toMatchObject({ service: 'eye-validator', parentSpanId: processing.spanId });
    const insert = one(trace, 'MongoDB insert into events', (s) => isMongo(s, 'insert', 'events'));
    expect(insert).toMatchObject({ service: 'eye-validator', parentSpanId: store.spanId });

    // The request's log lines carry its trace id, and neither its token nor its payload.
    const lineOf = (service: keyof Stack['services'], msg: string, method?: string) =>
      logLines(stack.services[service].logFile).find((line) => line['msg'] === msg && line['trace_id'] === client.traceId && (method === undefined || line['method'] === method));
    expect(lineOf('gateway', 'request')).toMatchObject({ route: '/v1/events', method: 'POST', status: 202, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(lineOf('ingest', 'call', '/eye.v1.IngestService/PublishEvents')).toMatchObject({ status: 'OK' });
    expect(lineOf('ingest', 'call', '/eye.v1.AuthService/Authenticate')).toMatchObject({ status: 'OK' });
    expect(lineOf('validator', 'batch stored')).toMatchObject({ batch: 1, valid: 1, invalid: 0 });
    for (const service of ['gateway', 'ingest', 'validator'] as const) {
      const log = readFileSync(stack.services[service].logFile, 'utf8');
      expect(log).not.toContain(app.token);
      expect(log).not.toContain(sessionId);
    }
  });

  it('shows a GET as one trace: gateway → query → MongoDB', async () => {
    const sent = event(`session-${uniqueSuffix()}`);
    const headers = { authorization: `Bearer ${app.token}` };
    const posted = await fetch(`${stack.gatewayUrl}/v1/events`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(sent),
    });
    expect(posted.status).toBe(202);
    // Stored asynchronously: wait until it can be read, then read it once more under our trace.
    const deadline = Date.now() + 20_000;
    while ((await fetch(`${stack.gatewayUrl}/v1/events/${sent.event_id}`, { headers })).status !== 200) {
      if (Date.now() > deadline) throw new Error(`event ${sent.event_id} was not readable within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const client = clientTraceContext();
    const response = await fetch(`${stack.gatewayUrl}/v1/events/${sent.event_id}`, { headers: { ...headers, traceparent: client.traceparent } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: sent.event_id, session_id: sent.session_id });

    const trace = await receiver.waitForTrace(client.traceId, (spans) =>
      [
        (span: ReceivedSpan) => span.service === 'eye-gateway' && span.kind === OTLP_SPAN_KIND.SERVER,
        (span: ReceivedSpan) => span.service === 'eye-query' && span.kind === OTLP_SPAN_KIND.SERVER,
        (span: ReceivedSpan) => span.service === 'eye-query' && isMongo(span, 'find', 'events'),
      ].every((wanted) => spans.some(wanted)),
    );
    expect(new Set(trace.map((span) => span.service))).toEqual(new Set(['eye-gateway', 'eye-query']));
    expect(orphans(trace, client.spanId)).toEqual([]);

    const httpServer = one(trace, 'gateway HTTP server span', (s) => s.service === 'eye-gateway' && s.kind === OTLP_SPAN_KIND.SERVER);
    expect(httpServer.parentSpanId).toBe(client.spanId);
    const grpcClient = one(trace, 'gateway gRPC client span', (s) => s.service === 'eye-gateway' && s.kind === OTLP_SPAN_KIND.CLIENT && s.name.includes('eye.v1.QueryService/GetEvent'));
    expect(descendsFrom(grpcClient, httpServer, trace)).toBe(true);
    const grpcServer = one(trace, 'query gRPC server span', (s) => s.service === 'eye-query' && s.kind === OTLP_SPAN_KIND.SERVER);
    expect(grpcServer.parentSpanId).toBe(grpcClient.spanId);
    const finds = trace.filter((s) => s.service === 'eye-query' && isMongo(s, 'find', 'events'));
    expect(finds.length).toBeGreaterThan(0);
    for (const find of finds) expect(descendsFrom(find, grpcServer, trace)).toBe(true);

    const lineOf = (service: 'gateway' | 'query', msg: string) =>
      logLines(stack.services[service].logFile).find((line) => line['msg'] === msg && line['trace_id'] === client.traceId);
    expect(lineOf('gateway', 'request')).toMatchObject({ route: '/v1/events/:id', method: 'GET', status: 200 });
    expect(lineOf('query', 'call')).toMatchObject({ method: '/eye.v1.QueryService/GetEvent', status: 'OK' });
    expect(readFileSync(stack.services.query.logFile, 'utf8')).not.toContain(app.token);
  });

  it('keeps the trace id of the request on the stored events it carried, valid and invalid (REST)', async () => {
    const client = clientTraceContext();
    const valid = event(`session-${uniqueSuffix()}`);
    const invalid = { ...event(valid.session_id), data: { host: 42, path: '/traced' } };
    const headers = { authorization: `Bearer ${app.token}` };
    const posted = await fetch(`${stack.gatewayUrl}/v1/events/batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', traceparent: client.traceparent },
      body: JSON.stringify({ events: [valid, invalid] }),
    });
    expect(posted.status).toBe(202);

    // Stored asynchronously, possibly in two validator batches.
    const readBoth = async () => {
      const stored = await fetch(`${stack.gatewayUrl}/v1/events/${valid.event_id}`, { headers });
      const errors = (await (await fetch(`${stack.gatewayUrl}/v1/errors?application=${app.name}&code=invalid_type`, { headers })).json()) as { errors: { id: string }[] };
      return { stored: stored.status === 200 ? await stored.json() : undefined, rejected: errors.errors.find((error) => error.id === invalid.event_id) };
    };
    const deadline = Date.now() + 20_000;
    let both = await readBoth();
    while (!both.stored || !both.rejected) {
      if (Date.now() > deadline) throw new Error(`events ${valid.event_id} and ${invalid.event_id} were not readable within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      both = await readBoth();
    }
    expect(both.stored).toMatchObject({ id: valid.event_id, trace_id: client.traceId });
    expect(both.rejected).toMatchObject({ trace_id: client.traceId });
  });

  it('exports nothing for probes and scrapes, and only OTLP/HTTP JSON to the receiver', async () => {
    for (const url of Object.values(stack.opsUrls)) {
      for (const path of ['/healthz', '/readyz', '/metrics']) expect((await fetch(`${url}${path}`)).status).toBe(200);
    }
    // Past two export intervals: anything these requests produced would have arrived.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const probeSpans = receiver.spans.filter((span) => /healthz|readyz|metrics|grpc\.health|Health\/Check/.test(`${span.name} ${String(span.attributes['url.path'] ?? span.attributes['http.target'] ?? '')}`));
    expect(probeSpans).toEqual([]);
    expect(receiver.rejected).toEqual([]);
  });
});
