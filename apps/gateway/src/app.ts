import type { Authenticator, Scope } from '@eye/auth';
import { hasErrorCode } from '@eye/rpc';
import { opsPathOf, type Logger, type RequestMetrics } from '@eye/telemetry';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Backends } from './backends';
import type { EventPublisher } from './event-publisher';
import { HttpError, sendError } from './http-errors';
import { jsonBody } from './json-body';
import { openApiDocument } from './openapi/document';
import { setPrincipal, type GatewayContext } from './routes/context';
import type { ExplorerOptions } from './routes/explorer-routes';
import { indexPaths, pathsOf, type PathIndex, type RouteDeclaration } from './routes/route-table';
import { ROUTES } from './routes/routes';

export interface GatewayDependencies {
  backends: Backends;
  authenticator: Authenticator;
  publisher: EventPublisher;
  bodyLimitBytes: number;
  logger: Logger;
  requestMetrics: RequestMetrics;
  explorer: ExplorerOptions;
  /** Default: {@link ROUTES}. */
  routes?: readonly RouteDeclaration[];
}

/**
 * The express app: REST in, gRPC out, every error as the contract's JSON. Every route comes from
 * the route table; a route with a scope checks the bearer token (and so the application's rate
 * limit applies) before its body is read.
 */
export function createApp(deps: GatewayDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const routes = deps.routes ?? ROUTES;
  const paths = indexPaths(routes);
  let document: string | undefined;
  const context: GatewayContext = {
    backends: deps.backends,
    authenticator: deps.authenticator,
    publisher: deps.publisher,
    openApiJson: () => (document ??= JSON.stringify(openApiDocument(routes))),
    explorer: deps.explorer,
  };

  app.use(observeRequests(deps, paths));
  app.use(refuseBrokenPercentEncoding);
  const body = jsonBody(deps.bodyLimitBytes);
  for (const route of routes) {
    const stack = [...(route.scope ? [authenticate(deps.authenticator, route.scope)] : []), ...(route.jsonBody ? body : []), route.handler(context)];
    for (const path of pathsOf(route)) {
      if (route.method === 'GET') app.get(path, ...stack);
      else app.post(path, ...stack);
    }
  }

  app.use((req: Request, res: Response) => {
    const methods = paths.allowedMethods(req.path);
    if (methods.length > 0) {
      res.setHeader('Allow', methods.join(', '));
      sendError(res, new HttpError('method_not_allowed', `${req.method} is not allowed here; use ${methods.join(', ')}`));
      return;
    }
    sendError(res, new HttpError('not_found', `no route ${req.method} ${req.path}`));
  });
  // An answer given before the body was read (a bad token, over the limit) leaves the rest of the
  // body to Node, which discards it without buffering, within EYE_HTTP_REQUEST_TIMEOUT; closing at
  // once instead would make clients that are still uploading see a network error, not the answer.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (hasErrorCode(error)) {
      sendError(res, error);
      return;
    }
    // express and its parsers flag what the client sent wrong with a 4xx `status` (e.g. a path
    // with broken percent-encoding): a client error, never a 5xx.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendError(res, new HttpError('invalid_request', 'the request could not be read'));
      return;
    }
    deps.logger.error({ err: error, path: req.path }, 'unexpected error');
    sendError(res, error);
  });
  return app;
}

/** Before the routes: express would fail to decode a path parameter of broken percent-encoding and answer 400. */
function refuseBrokenPercentEncoding(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.path);
  } catch {
    next(new HttpError('not_found', 'nothing here: the path is not valid percent-encoding'));
    return;
  }
  next();
}

/**
 * The bearer token must carry `scope`. Checked from the gateway's token caches (asking ingest on
 * a miss) before anything else, the body included, is read.
 */
function authenticate(authenticator: Authenticator, scope: Scope) {
  return async function checkToken(req: Request, res: Response, next: NextFunction): Promise<void> {
    setPrincipal(res, await authenticator.authenticate(req.headers.authorization, scope));
    next();
  };
}

/**
 * One log line and one metrics sample per request, labelled by route template, never by raw path.
 * Probes (/healthz, /readyz) are logged at debug only: they come every few seconds.
 */
function observeRequests(deps: GatewayDependencies, paths: PathIndex) {
  return function recordRequest(req: Request, res: Response, next: NextFunction) {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route?.path ? String(req.route.path) : (paths.template(req.path) ?? 'unmatched');
      deps.requestMetrics.observe({ route, method: req.method, status: res.statusCode }, seconds);
      const level = opsPathOf(req.path) === undefined ? 'info' : 'debug';
      deps.logger[level]({ method: req.method, route, status: res.statusCode, duration_ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
