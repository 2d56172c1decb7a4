import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Scope } from '@eye/auth';
import type { Request, Response } from 'express';
import type { GatewayContext } from './context';

/** Answers one request; a rejection is answered by the app's error handler. */
export type RouteHandler = (req: Request, res: Response) => Promise<void> | void;

/**
 * One route of the gateway, declared once: it registers the express route (and its aliases),
 * answers 405 with `Allow` for the path's other methods, and describes itself in OpenAPI.
 */
export interface RouteDeclaration {
  method: 'GET' | 'POST';
  /** An express path; parameters as `:name`, the name OpenAPI shows. */
  path: string;
  /** Other paths answered the same way, e.g. the unversioned `/events` of the service The Eye replaces. */
  aliases?: readonly string[];
  /**
   * A bearer token with this scope is required. It is checked (from the gateway's token cache)
   * before the body is read; omitted: the route is public.
   */
  scope?: Scope;
  /** The body is JSON, read and parsed (within the body limit) after the token was accepted. */
  jsonBody?: boolean;
  /** Its OpenAPI operation; omitted: not described (e.g. Swagger UI's asset files). */
  docs?: Omit<RouteConfig, 'method' | 'path' | 'security'>;
  handler: (context: GatewayContext) => RouteHandler;
}

const PARAMETER = /:([A-Za-z_][A-Za-z0-9_]*)/g;
/** An optional wildcard of express 5: `{*name}`, the rest of the path or nothing. */
const WILDCARD = /\{\*[A-Za-z_][A-Za-z0-9_]*\}/;

/** The paths a route answers: its own and its aliases. */
export function pathsOf(route: RouteDeclaration): string[] {
  return [route.path, ...(route.aliases ?? [])];
}

/**
 * A regular expression matching the concrete paths of an express path: a parameter is one
 * segment, an optional wildcard (`{*name}`) the rest of the path or nothing.
 */
export function pathPattern(path: string): RegExp {
  const source = path
    .split(WILDCARD)
    .map((piece) =>
      piece
        .split(PARAMETER)
        // split() with a capture group alternates literal text and parameter names.
        .map((part, index) => (index % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '[^/]+'))
        .join(''),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** The OpenAPI form of an express path: `/v1/events/:id` → `/v1/events/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(PARAMETER, '{$1}');
}

/** What the table knows about concrete paths, for 405 answers and metric labels. */
export interface PathIndex {
  /** The methods a path answers (`HEAD` wherever `GET` is), merging routes that share it. */
  allowedMethods(path: string): string[];
  /** The declared path a concrete path matches (a template such as `/v1/events/:id`), for labels. */
  template(path: string): string | undefined;
}

export function indexPaths(routes: readonly RouteDeclaration[]): PathIndex {
  const entries = routes.flatMap((route) => pathsOf(route).map((path) => ({ path, method: route.method, pattern: pathPattern(path) })));
  return {
    allowedMethods: (path) => {
      const methods = new Set<string>();
      for (const entry of entries) if (entry.pattern.test(path)) methods.add(entry.method);
      if (methods.has('GET')) methods.add('HEAD');
      return [...methods];
    },
    // Literal paths before templates: `/v1/events/batch` is not `/v1/events/:id`.
    template: (path) =>
      entries.find((entry) => !entry.path.includes(':') && entry.path === path)?.path ?? entries.find((entry) => entry.pattern.test(path))?.path,
  };
}
