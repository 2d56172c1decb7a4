import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger';
import { opsPathOf } from './ops-paths';
import type { OpsPath } from './ops-paths';

/** How to run a service's ops endpoints. */
export interface OpsServerOptions {
  /** TCP port; 0 picks a free one (read it back from {@link OpsServer.port}). */
  port: number;
  /** Interface to bind; `127.0.0.1` by default (use `0.0.0.0` in containers). */
  host?: string;
  /** Served as Prometheus text on `GET /metrics` (a registry, or anything that renders like one). */
  registry: { readonly contentType: string; metrics(): Promise<string> };
  /** Decides `GET /readyz`; a throw or rejection counts as not ready. */
  readiness: () => Promise<boolean> | boolean;
  logger: Logger;
}

/** The running ops server. */
export interface OpsServer {
  /** The port actually bound. */
  readonly port: number;
  readonly host: string;
  /** Stops listening and drops open connections (a scraper's keep-alive must not delay exit). */
  close(): Promise<void>;
}

/** The ops server could not bind its port. */
export class OpsServerError extends Error {
  override readonly name = 'OpsServerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Type guard for {@link OpsServerError} that also holds across copies of this lib. */
export function isOpsServerError(error: unknown): error is OpsServerError {
  return error instanceof Error && error.name === 'OpsServerError';
}

type Reply = { status: number; contentType: string; body: string; headers?: Record<string, string> };

const json = (status: number, value: unknown, headers?: Record<string, string>): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
  headers,
});

async function isReady(options: OpsServerOptions): Promise<boolean> {
  try {
    return (await options.readiness()) === true;
  } catch (error) {
    options.logger.warn({ err: error }, 'readiness check failed');
    return false;
  }
}

async function answer(path: OpsPath, options: OpsServerOptions): Promise<Reply> {
  switch (path) {
    case '/metrics':
      return { status: 200, contentType: options.registry.contentType, body: await options.registry.metrics() };
    case '/healthz':
      return json(200, { status: 'ok' });
    case '/readyz':
      return (await isReady(options)) ? json(200, { status: 'ready' }) : json(503, { status: 'not_ready' });
  }
}

async function route(request: IncomingMessage, options: OpsServerOptions): Promise<Reply> {
  const path = opsPathOf(request.url);
  if (path === undefined) return json(404, { error: 'not_found' });
  if (request.method !== 'GET') return json(405, { error: 'method_not_allowed' }, { allow: 'GET' });
  return answer(path, options);
}

function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-type': reply.contentType,
    'cache-control': 'no-store',
  });
  response.end(reply.body);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(new OpsServerError(`ops server cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Serves a service's ops endpoints on their own port: `GET /metrics` (Prometheus text),
 * `GET /healthz` (200 `{"status":"ok"}` while the process lives), `GET /readyz` (200
 * `{"status":"ready"}` or 503 `{"status":"not_ready"}`); 405 for other methods on those paths and
 * 404 JSON elsewhere. Rejects with {@link OpsServerError} when the port cannot be bound.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const host = options.host ?? '127.0.0.1';
  // Scrapers and probes send small requests at once: a client that does not is cut off quickly.
  const server = createServer({ headersTimeout: 5_000, requestTimeout: 10_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 }, (request, response) => {
    route(request, options).then(
      (reply) => send(response, reply),
      (error: unknown) => {
        options.logger.error({ err: error, path: request.url }, 'ops request failed');
        send(response, json(500, { error: 'internal' }));
      },
    );
  });
  server.maxConnections = 256;
  const address = await listen(server, options.port, host);
  options.logger.info({ host, port: address.port }, 'ops server listening');

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    host,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
