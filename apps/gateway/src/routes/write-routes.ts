import { callUnary, hasErrorCode } from '@eye/rpc';
import type { Request, Response, Router } from 'express';
import type { Backends } from '../backends';
import { HttpError } from '../http-errors';
import { PublishCoalescer } from '../publish-coalescer';
import { jsonBody, jsonTextOf } from '../json-body';
import { elementTexts, memberText, valueText } from '../json-text';
import { batchInput, eventInput } from '../openapi/schemas';

/** The contract's batch limit (also the most events one PublishEvents call carries). */
export const MAX_BATCH_EVENTS = 500;

/** PublishEvents calls in flight at once per token; more concurrent requests are coalesced. */
const PUBLISH_CALLS_IN_FLIGHT = 8;

/**
 * The batch body's events, each as the JSON text the application sent (`text` is the body's).
 * Checked with the `EventBatch` schema of the OpenAPI description; its first problem, in this
 * order, is the answer: not an object, unknown keys, `events` not an array, size, entries.
 */
export function batchEvents(body: unknown, text: string): string[] {
  const result = batchInput.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues;
    const at = (path: string) => issues.filter((issue) => issue.path.join('.') === path);
    const unknownKeys = issues.flatMap((issue) => (issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys : []));
    if (at('').some((issue) => issue.code === 'invalid_type')) throw new HttpError('invalid_request', 'the body must be a JSON object {"events": [...]}');
    if (unknownKeys.length > 0) throw new HttpError('invalid_request', `unknown key(s) in the body: ${unknownKeys.join(', ')}`);
    if (at('events').some((issue) => issue.code === 'invalid_type')) throw new HttpError('invalid_request', '"events" must be an array');
    const events = (body as { events: unknown[] }).events;
    if (at('events').some((issue) => issue.code === 'too_small' || issue.code === 'too_big')) {
      throw new HttpError('invalid_request', `"events" must hold 1 to ${MAX_BATCH_EVENTS} events; it holds ${events.length}`);
    }
    const notObjects = [...new Set(issues.filter((issue) => issue.path.length === 2).map((issue) => Number(issue.path[1])))].sort((a, b) => a - b);
    throw new HttpError('invalid_request', 'every entry of "events" must be a JSON object', notObjects.map((index) => ({ path: `events.${index}`, code: 'invalid_type' })));
  }
  return elementTexts(memberText(text, 'events') ?? '[]');
}

/** The single-event body as the JSON text the application sent (`text` is the body's); checked with the `EventInput` schema. */
export function singleEvent(body: unknown, text: string): string {
  if (!eventInput.safeParse(body).success) throw new HttpError('invalid_request', 'the body must be one event as a JSON object');
  return valueText(text);
}

/** POST /v1/events, /v1/events/batch and /v1/events/validate: translated to IngestService calls. */
export function registerWriteRoutes(router: Router, backends: Backends, bodyLimitBytes: number): void {
  const body = jsonBody(bodyLimitBytes);
  const coalescer = new PublishCoalescer({
    send: async (authorization, eventsJson) => {
      const response = await callUnary(backends.ingest, backends.ingest.publishEvents, { eventsJson }, { authorization, timeoutMs: backends.timeoutMs });
      return response.ids;
    },
    maxEventsPerCall: MAX_BATCH_EVENTS,
    maxCallsInFlight: PUBLISH_CALLS_IN_FLIGHT,
    blamesOneRequest: (error) => hasErrorCode(error) && (error.code === 'payload_too_large' || error.code === 'invalid_request'),
  });
  const publish = async (req: Request, res: Response, eventsJson: string[]) => {
    const ids = await coalescer.publish(req.headers.authorization ?? '', eventsJson);
    res.status(202).json({ accepted: ids.length, ids });
  };

  router.post('/v1/events', ...body, (req, res) => publish(req, res, [singleEvent(req.body, jsonTextOf(res))]));
  router.post('/v1/events/batch', ...body, (req, res) => publish(req, res, batchEvents(req.body, jsonTextOf(res))));
  router.post(
    '/v1/events/validate',
    ...body,
    async (req, res) => {
      const response = await callUnary(backends.ingest, backends.ingest.validateEvent, { eventJson: singleEvent(req.body, jsonTextOf(res)) }, {
        authorization: req.headers.authorization,
        timeoutMs: backends.timeoutMs,
      });
      res.status(200).json(response.valid ? { valid: true } : { valid: false, issues: response.issues });
    },
  );
}
