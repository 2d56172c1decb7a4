import { validateEventJson } from '@eye/validators';
import { openApiPath, pathsOf } from '../routes/route-table';
import { ROUTES } from '../routes/routes';
import { openApiDocument } from './document';
import { CHALLENGE_EVENTS, INVALID_EVENT_EXAMPLE, STORED_EVENT_EXAMPLE } from './examples';
import { eventTypeList, statsTimeline } from './explorer-api';
import { errorPage, eventPage, invalidEvent, storedEvent } from './schemas';

describe('the OpenAPI description', () => {
  const document = openApiDocument(ROUTES);

  it('is OpenAPI 3 with bearer authentication on /v1 only', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.components?.securitySchemes?.['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths?.['/v1/events']?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths?.['/healthz']?.get?.security).toBeUndefined();
  });

  it('describes every route of the table that has docs, aliases included, with its scope', () => {
    const described = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      ['get', 'post'].filter((method) => method in (item as object)).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const declared = ROUTES.filter((route) => route.docs).flatMap((route) => pathsOf(route).map((path) => `${route.method} ${openApiPath(path.replace(/(.)\/$/, '$1'))}`));
    expect(new Set(described)).toEqual(new Set(declared));
    expect(described).toEqual(expect.arrayContaining(['POST /events', 'POST /v1/events', 'GET /v1/events/{id}', 'GET /v1/sessions/{session_id}/events']));
    expect(document.paths?.['/events']?.post?.security).toEqual([{ bearerAuth: [] }]);
    // Metrics are on the ops port only.
    expect(document.paths?.['/metrics']).toBeUndefined();
  });

  it('states the batch limit where it is declared', () => {
    expect(document.paths?.['/v1/events/batch']?.post?.summary).toContain('1 to 500 events');
    const schema = JSON.stringify(document.components?.schemas?.['EventBatch']);
    expect(schema).toContain('"maxItems":500');
  });

  it('documents the query parameters the gateway validates', () => {
    const names = (document.paths?.['/v1/events']?.get?.parameters ?? []).map((parameter) => ('name' in parameter ? parameter.name : ''));
    expect(names.sort()).toEqual(['application', 'category', 'cursor', 'from', 'limit', 'name', 'order', 'session_id', 'to']);
    const limit = document.paths?.['/v1/events']?.get?.parameters?.find((parameter) => 'name' in parameter && parameter.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } });
  });

  it("uses the challenge's events as examples, and they are valid events", () => {
    const json = JSON.stringify(document);
    for (const event of CHALLENGE_EVENTS) {
      expect(json).toContain(JSON.stringify(event));
      const result = validateEventJson(JSON.stringify(event), { receivedAtMicros: Date.now() * 1000, clockSkewMs: 60_000 });
      expect(result.valid).toBe(true);
    }
  });

  it('lists the event types the validator knows on the event body', () => {
    const types = (document.components?.schemas?.['EventInput'] as { 'x-event-types'?: { category: string; name: string }[] })['x-event-types'];
    expect(types?.map(({ category, name }) => `${category}/${name}`)).toEqual(['page interaction/pageview', 'page interaction/cta click', 'form interaction/submit']);
  });

  it('has examples that its own schemas accept', () => {
    expect(storedEvent.parse(STORED_EVENT_EXAMPLE)).toEqual(STORED_EVENT_EXAMPLE);
    expect(invalidEvent.parse(INVALID_EVENT_EXAMPLE)).toEqual(INVALID_EVENT_EXAMPLE);
    expect(eventPage.safeParse({ events: [STORED_EVENT_EXAMPLE], next_cursor: null }).success).toBe(true);
    expect(errorPage.safeParse({ errors: [INVALID_EVENT_EXAMPLE], next_cursor: 'abc' }).success).toBe(true);
    const eventTypesExample = (document.components?.schemas?.['EventTypeList'] as { example?: unknown }).example;
    expect(eventTypeList.parse(eventTypesExample).event_types.map((type) => type.name)).toEqual(['pageview', 'cta click', 'submit']);
    expect(statsTimeline.safeParse((document.components?.schemas?.['StatsTimeline'] as { example?: unknown }).example).success).toBe(true);
    const invalid = validateEventJson(JSON.stringify(INVALID_EVENT_EXAMPLE.raw), { receivedAtMicros: Date.now() * 1000, clockSkewMs: 60_000 });
    expect(invalid).toMatchObject({ valid: false, issues: INVALID_EVENT_EXAMPLE.issues });
  });
});
