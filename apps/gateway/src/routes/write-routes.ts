import { callUnary } from '@eye/rpc';
import type { Request, Response, Router } from 'express';
import type { Backends } from '../backends';
import { HttpError } from '../http-errors';
import { jsonBody, jsonTextOf } from '../json-body';
import { elementTexts, memberText, valueText } from '../json-text';

/** The contract's batch limit. */
export const MAX_BATCH_EVENTS = 500;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The batch body's events, each as the JSON text the application sent (`text` is the body's). */
export function batchEvents(body: unknown, text: string): string[] {
  if (!isPlainObject(body)) throw new HttpError('invalid_request', 'the body must be a JSON object {"events": [...]}');
  const unknownKeys = Object.keys(body).filter((key) => key !== 'events');
  if (unknownKeys.length > 0) throw new HttpError('invalid_request', `unknown key(s) in the body: ${unknownKeys.join(', ')}`);
  const { events } = body;
  if (!Array.isArray(events)) throw new HttpError('invalid_request', '"events" must be an array');
  if (events.length === 0 || events.length > MAX_BATCH_EVENTS) {
    throw new HttpError('invalid_request', `"events" must hold 1 to ${MAX_BATCH_EVENTS} events; it holds ${events.length}`);
  }
  const notObjects = events.flatMap((event, index) => (isPlainObject(event) ? [] : [index]));
  if (notObjects.length > 0) {
    throw new HttpError('invalid_request', 'every entry of "events" must be a JSON object', notObjects.map((index) => ({ path: `events.${index}`, code: 'invalid_type' })));
  }
  return elementTexts(memberText(text, 'events') ?? '[]');
}

/** The single-event body as the JSON text the application sent (`text` is the body's). */
export function singleEvent(body: unknown, text: string): string {
  if (!isPlainObject(body)) throw new HttpError('invalid_request', 'the body must be one event as a JSON object');
  return valueText(text);
}

/** POST /v1/events, /v1/events/batch and /v1/events/validate: translated to IngestService calls. */
export function registerWriteRoutes(router: Router, backends: Backends, bodyLimitBytes: number): void {
  const body = jsonBody(bodyLimitBytes);
  const publish = async (req: Request, res: Response, eventsJson: string[]) => {
    const response = await callUnary(backends.ingest, backends.ingest.publishEvents, { eventsJson }, {
      authorization: req.headers.authorization,
      timeoutMs: backends.timeoutMs,
    });
    res.status(202).json({ accepted: response.ids.length, ids: response.ids });
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
