import { MAX_EVENTS_PER_BATCH } from '@eye/validators';
import type { Request, Response } from 'express';
import { HttpError } from '../http-errors';
import { jsonTextOf } from '../json-body';
import { elementTexts, memberText, valueText } from '../json-text';
import { batchInput, eventInput } from '../openapi/schemas';
import { principalOf, type GatewayContext } from './context';
import type { RouteHandler } from './route-table';

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
      throw new HttpError('invalid_request', `"events" must hold 1 to ${MAX_EVENTS_PER_BATCH} events; it holds ${events.length}`);
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

/** `POST /v1/events` (and its aliases): one event, published for the caller's application. */
export const publishOne = (context: GatewayContext): RouteHandler => (req, res) => publish(context, req, res, [singleEvent(req.body, jsonTextOf(res))]);

/** `POST /v1/events/batch`. */
export const publishBatch = (context: GatewayContext): RouteHandler => (req, res) => publish(context, req, res, batchEvents(req.body, jsonTextOf(res)));

/** `POST /v1/events/validate`: the issues the pipeline would record, storing nothing. */
export const validateOne =
  ({ backends }: GatewayContext): RouteHandler =>
  async (req, res) => {
    const response = await backends.call(backends.ingest, backends.ingest.validateEvent, { eventJson: singleEvent(req.body, jsonTextOf(res)) }, req.headers.authorization);
    res.status(200).json(response.valid ? { valid: true } : { valid: false, issues: response.issues });
  };

async function publish(context: GatewayContext, req: Request, res: Response, eventsJson: string[]): Promise<void> {
  const ids = await context.publisher.publish(principalOf(res), req.headers.authorization ?? '', eventsJson);
  res.status(202).json({ accepted: ids.length, ids });
}
