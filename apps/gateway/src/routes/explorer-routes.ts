import type { Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HttpError } from '../http-errors';
import type { GatewayContext } from './context';
import type { RouteHandler } from './route-table';

/** Where the explorer's files are and where Jaeger is. */
export interface ExplorerOptions {
  /** The built explorer: `dist/apps/explorer` (index.html and assets/). */
  assetsDir: string;
  /** Jaeger's query service (HTTP API), e.g. `http://127.0.0.1:16686`. */
  jaegerUrl: string;
  /** Jaeger's UI as the browser reaches it; the explorer links traces to `<this>/trace/<id>`. */
  jaegerUiUrl: string;
  /** How long a trace read from Jaeger may take. */
  timeoutMs: number;
}

/** What the explorer asks the gateway once at startup: `GET /explorer/config.json`. */
export interface ExplorerConfigJson {
  jaeger_ui_url: string;
}

/** The explorer's own files and nothing else: scripts, styles and data only from this origin. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const TRACE_ID = /^[0-9a-f]{32}$/;

/** A handler of the explorer's: its security headers on every answer, then `answer`. */
function explorerRoute(answer: (options: ExplorerOptions, req: Request, res: Response) => Promise<void> | void) {
  return (context: GatewayContext): RouteHandler =>
    async (req, res) => {
      res.set(SECURITY_HEADERS);
      await answer(context.explorer, req, res);
    };
}

/** `index.html`, never cached, so a new build is picked up. */
function sendIndex(options: ExplorerOptions, res: Response): void {
  const index = join(options.assetsDir, 'index.html');
  if (!existsSync(index)) throw new HttpError('not_found', 'the explorer is not built here: run npx nx build explorer');
  res.set('Cache-Control', 'no-cache').sendFile(index);
}

/** `GET /explorer`: the app lives at `/explorer/` (which express routes here too, without strict routing). */
export const explorerRedirect = explorerRoute((options, req, res) => {
  if (req.path.endsWith('/')) {
    sendIndex(options, res);
    return;
  }
  const query = req.originalUrl.indexOf('?');
  res.redirect(301, `/explorer/${query === -1 ? '' : req.originalUrl.slice(query)}`);
});

/** `GET /explorer/config.json`: where the explorer links traces. */
export const explorerConfig = explorerRoute((options, _req, res) => {
  const config: ExplorerConfigJson = { jaeger_ui_url: options.jaegerUiUrl.replace(/\/+$/, '') };
  res.set('Cache-Control', 'no-cache').json(config);
});

/**
 * `GET /explorer/jaeger/api/traces/:traceId`: one trace from Jaeger's HTTP API, for the event
 * detail's waterfall (the browser could not call Jaeger's origin itself without CORS). Its route
 * needs the `query` scope; the token is not sent to Jaeger.
 */
export const jaegerTrace = explorerRoute(async (options, req, res) => {
  const traceId = String(req.params['traceId']);
  if (!TRACE_ID.test(traceId)) throw new HttpError('invalid_query', 'a trace id is 32 lowercase hexadecimal characters');
  let answer: globalThis.Response;
  try {
    answer = await fetch(`${options.jaegerUrl.replace(/\/+$/, '')}/api/traces/${traceId}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch {
    throw new HttpError('unavailable', 'Jaeger is not reachable');
  }
  const body = await answer.text();
  if (answer.status === 404) throw new HttpError('not_found', `Jaeger has no trace ${traceId} (spans are exported a few seconds after a request; in-memory Jaeger forgets old traces)`);
  if (!answer.ok) throw new HttpError('unavailable', `Jaeger answered ${answer.status}`);
  res.set('Cache-Control', 'no-store').type('application/json').send(body);
});

/** `GET /explorer/assets/...`: the built, hashed files, cached for a year; a JSON 404 for anything else. */
export const explorerAsset = explorerRoute(async (options, req, res) => {
  const file = ([] as string[]).concat((req.params as Record<string, string | string[] | undefined>)['file'] ?? []).join('/');
  // `root` keeps the path inside the assets folder (`..` is refused).
  await new Promise<void>((resolve, reject) => {
    res.sendFile(file, { root: join(options.assetsDir, 'assets'), maxAge: '1y', immutable: true }, (error) =>
      error && !res.headersSent ? reject(new HttpError('not_found', `the explorer has no asset ${JSON.stringify(file)}`)) : resolve(),
    );
  });
});

/** Every view's address: `index.html`. */
export const explorerView = explorerRoute((options, _req, res) => sendIndex(options, res));
