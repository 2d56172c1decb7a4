import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { HttpError } from './http-errors';

/** Content types accepted for POST bodies: application/json and any +json type, in UTF-8 (RFC 8259). */
function isJsonContentType(req: Request): boolean {
  const type = req.headers['content-type'];
  if (!type) return false;
  const [mediaType, ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return false;
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

const JSON_TEXT = 'eyeJsonText';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The request body's JSON text exactly as received (after {@link jsonBody} accepted it). */
export function jsonTextOf(res: Response): string {
  return String(res.locals[JSON_TEXT] ?? '');
}

/**
 * Parses a JSON body strictly for the contract: 415 without a JSON content type, 413 over the
 * limit, 400 `invalid_json` for anything that is not JSON (an empty body and bytes that are not
 * UTF-8 included). Any JSON value is parsed (not only objects) so that its shape can be reported
 * as `invalid_request` rather than `invalid_json`. `req.body` is the parsed value and
 * {@link jsonTextOf} the text, so events can be passed on exactly as sent.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const read = express.raw({ limit: limitBytes, type: () => true });
  return [
    (req: Request, _res: Response, next: NextFunction) => {
      if (!isJsonContentType(req)) {
        next(new HttpError('unsupported_media_type', 'send the body as JSON with "Content-Type: application/json"'));
        return;
      }
      next();
    },
    (req: Request, res: Response, next: NextFunction) => {
      read(req, res, (error?: unknown) => {
        if (error) {
          const type = (error as { type?: string }).type;
          if (type === 'entity.too.large') next(new HttpError('payload_too_large', `the body is over the limit of ${limitBytes} bytes`));
          else if (type === 'encoding.unsupported') next(new HttpError('unsupported_media_type', 'send the body as UTF-8 JSON, uncompressed or with gzip, deflate or br'));
          else next(new HttpError('invalid_request', 'the body could not be read'));
          return;
        }
        let text: string;
        try {
          text = Buffer.isBuffer(req.body) ? utf8.decode(req.body) : '';
        } catch {
          next(new HttpError('invalid_json', 'the body is not UTF-8 text'));
          return;
        }
        if (text.trim() === '') {
          next(new HttpError('invalid_json', 'the body is empty; send a JSON object'));
          return;
        }
        try {
          req.body = JSON.parse(text);
        } catch {
          next(new HttpError('invalid_json', 'the body is not valid JSON'));
          return;
        }
        res.locals[JSON_TEXT] = text;
        next();
      });
    },
  ];
}
