import { opsPathOf, type RequestMetrics, type Logger } from '@eye/telemetry';
import { hasErrorCode } from '@eye/rpc';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { Backends } from './backends';
import { HttpError, sendError } from './http-errors';
import { registerDocsRoutes } from './routes/docs-routes';
import { registerExplorerApiRoutes } from './routes/explorer-api-routes';
import { registerExplorerRoutes, type ExplorerOptions } from './routes/explorer-routes';
import { registerReadRoutes } from './routes/read-routes';
import { allowedMethods } from './routes/route-table';
import { registerWriteRoutes } from './routes/write-routes';

export interface GatewayDependencies {
  backends: Backends;
  bodyLimitBytes: number;
  logger: Logger;
  registry: Registry;
  requestMetrics: RequestMetrics;
  explorer: ExplorerOptions;
}

/** The express app: REST in, gRPC out, every error as the contract's JSON. */
export function createApp(deps: GatewayDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(observeRequests(deps));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.backends.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready' });
  });
  app.get('/metrics', async (_req, res) => {
    // end(), not send(): send() would add a charset to Prometheus' exact content type.
    res.setHeader('Content-Type', deps.registry.contentType);
    res.end(await deps.registry.metrics());
  });

  registerDocsRoutes(app);
  registerExplorerRoutes(app, deps.backends, deps.explorer);

  const v1 = express.Router();
  v1.use(requireBearer);
  registerWriteRoutes(v1, deps.backends, deps.bodyLimitBytes);
  registerReadRoutes(v1, deps.backends);
  registerExplorerApiRoutes(v1, deps.backends);
  app.use(v1);

  app.use((req: Request, res: Response) => {
    const methods = allowedMethods(req.path);
    if (methods.length > 0) {
      res.setHeader('Allow', methods.join(', '));
      sendError(res, new HttpError('method_not_allowed', `${req.method} is not allowed here; use ${methods.join(', ')}`));
      return;
    }
    sendError(res, new HttpError('not_found', `no route ${req.method} ${req.path}`));
  });
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

/**
 * Every /v1 route needs a bearer token. Its absence is answered here, before the body is read;
 * whether the token is valid is decided by the service behind, which owns the applications.
 */
function requireBearer(req: Request, _res: Response, next: NextFunction): void {
  // A path or method the contract does not have is left to the 404/405 handler.
  if (!req.path.startsWith('/v1/') || !allowedMethods(req.path).includes(req.method)) {
    next();
    return;
  }
  // Visible ASCII only: no token has anything else, and gRPC metadata could not carry it.
  if (!/^Bearer +[!-~]+$/i.test(req.headers.authorization ?? '')) {
    next(new HttpError('unauthenticated', 'send "Authorization: Bearer <token>"'));
    return;
  }
  next();
}

/**
 * One log line and one metrics sample per request, labelled by route template, never by raw path.
 * Probes and scrapes (/healthz, /readyz, /metrics) are logged at debug only: they come every few seconds.
 */
function observeRequests(deps: GatewayDependencies) {
  return function recordRequest(req: Request, res: Response, next: NextFunction) {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : allowedMethods(req.path).length > 0 ? req.path.replace(/^(\/v1\/(events|sessions))\/[^/]+/, '$1/:id') : 'unmatched';
      deps.requestMetrics.observe({ route, method: req.method, status: res.statusCode }, seconds);
      const level = opsPathOf(req.path) === undefined ? 'info' : 'debug';
      deps.logger[level]({ method: req.method, route, status: res.statusCode, duration_ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
