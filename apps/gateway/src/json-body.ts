import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { HttpError } from './http-errors';

/** Content types accepted for POST bodies: application/json and any +json type. */
function isJsonContentType(req: Request): boolean {
  const type = req.headers['content-type'];
  if (!type) return false;
  const mediaType = type.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Parses a JSON body strictly for the contract: 415 without a JSON content type, 413 over the
 * limit, 400 `invalid_json` for anything that is not JSON. Any JSON value is parsed (not only
 * objects) so that its shape can be reported as `invalid_request` rather than `invalid_json`.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, strict: false, type: () => true });
  return [
    (req: Request, _res: Response, next: NextFunction) => {
      if (!isJsonContentType(req)) {
        next(new HttpError('unsupported_media_type', 'send the body as JSON with "Content-Type: application/json"'));
        return;
      }
      next();
    },
    (req: Request, res: Response, next: NextFunction) => {
      parse(req, res, (error?: unknown) => {
        if (!error) {
          if (req.body === undefined) {
            next(new HttpError('invalid_json', 'the body is empty; send a JSON object'));
            return;
          }
          next();
          return;
        }
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') next(new HttpError('payload_too_large', `the body is over the limit of ${limitBytes} bytes`));
        else if (type === 'charset.unsupported' || type === 'encoding.unsupported') next(new HttpError('unsupported_media_type', 'send the body as UTF-8 JSON'));
        else if (type === 'entity.parse.failed') next(new HttpError('invalid_json', 'the body is not valid JSON'));
        else next(new HttpError('invalid_request', 'the body could not be read'));
      });
    },
  ];
}
