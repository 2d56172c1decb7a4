import { callUnary } from '@eye/rpc';
import type { Express, NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Backends } from '../backends';
import { HttpError } from '../http-errors';

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
const BEARER = /^Bearer +[!-~]+$/i;

/**
 * The explorer web app at `/explorer/`: its hashed assets (cached for a year), `index.html` for
 * every view address (never cached, so a new build is picked up), its configuration, and
 * `/explorer/jaeger/api/traces/:id`, which reads one trace from Jaeger's HTTP API for the event
 * detail's waterfall (the browser could not call Jaeger's origin itself without CORS). That read
 * needs a token with the `query` scope, checked by the query service; the token is not sent to
 * Jaeger.
 */
export function registerExplorerRoutes(app: Express, backends: Backends, options: ExplorerOptions): void {
  const jaegerUrl = options.jaegerUrl.replace(/\/+$/, '');
  const config: ExplorerConfigJson = { jaeger_ui_url: options.jaegerUiUrl.replace(/\/+$/, '') };
  const index = join(options.assetsDir, 'index.html');

  app.use('/explorer', (_req: Request, res: Response, next: NextFunction) => {
    res.set(SECURITY_HEADERS);
    next();
  });

  // Without strict routing this route also matches `/explorer/`, which the views route serves.
  app.get('/explorer', (req: Request, res: Response, next: NextFunction) => {
    if (req.path.endsWith('/')) {
      next();
      return;
    }
    const query = req.originalUrl.indexOf('?');
    res.redirect(301, `/explorer/${query === -1 ? '' : req.originalUrl.slice(query)}`);
  });

  app.get('/explorer/config.json', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-cache').json(config);
  });

  app.get('/explorer/jaeger/api/traces/:traceId', async (req: Request, res: Response) => {
    const traceId = String(req.params['traceId']);
    if (!TRACE_ID.test(traceId)) throw new HttpError('invalid_query', 'a trace id is 32 lowercase hexadecimal characters');
    await requireQueryScope(backends, req);
    let answer: globalThis.Response;
    try {
      answer = await fetch(`${jaegerUrl}/api/traces/${traceId}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch {
      throw new HttpError('unavailable', `Jaeger is not reachable at ${jaegerUrl}`);
    }
    const body = await answer.text();
    if (answer.status === 404) throw new HttpError('not_found', `Jaeger has no trace ${traceId} (spans are exported a few seconds after a request; in-memory Jaeger forgets old traces)`);
    if (!answer.ok) throw new HttpError('unavailable', `Jaeger answered ${answer.status}`);
    res.set('Cache-Control', 'no-store').type('application/json').send(body);
  });

  app.get('/explorer/assets/{*file}', (req: Request, res: Response, next: NextFunction) => {
    const file = ([] as string[]).concat(req.params['file'] ?? []).join('/');
    // `root` keeps the path inside the assets folder (`..` is refused).
    res.sendFile(file, { root: join(options.assetsDir, 'assets'), maxAge: '1y', immutable: true }, (error) => {
      if (error && !res.headersSent) next(new HttpError('not_found', `the explorer has no asset ${JSON.stringify(file)}`));
    });
  });

  app.get('/explorer/{*view}', (_req: Request, res: Response, next: NextFunction) => {
    if (!existsSync(index)) {
      next(new HttpError('not_found', 'the explorer is not built here: run npx nx build explorer'));
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
}

/**
 * Checks the caller's token has the `query` scope by the cheapest read the query service has.
 *
 * @throws the query service's `unauthenticated` / `forbidden`, or `unauthenticated` without a bearer header.
 */
async function requireQueryScope(backends: Backends, req: Request): Promise<void> {
  const authorization = req.headers.authorization ?? '';
  if (!BEARER.test(authorization)) throw new HttpError('unauthenticated', 'send "Authorization: Bearer <token>"');
  await callUnary(backends.query, backends.query.listEventTypes, {}, { authorization, timeoutMs: backends.timeoutMs });
}
