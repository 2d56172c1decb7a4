import { OpenApiGeneratorV3, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { EYE_VERSION } from '@eye/config';
import { openApiPath, pathsOf, type RouteDeclaration } from '../routes/route-table';

type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

/** The OpenAPI 3 description of the REST contract, generated from the route table and the gateway's zod schemas. */
export function openApiDocument(routes: readonly RouteDeclaration[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An application token (`npm run eye -- apps create <name> --scopes ingest,query`).',
  });
  for (const route of routes) {
    if (!route.docs) continue;
    // `/docs/` and `/events/` are the same operations as `/docs` and `/events`: described once.
    for (const path of new Set(pathsOf(route).map((each) => openApiPath(each.replace(/(.)\/$/, '$1'))))) {
      registry.registerPath({
        method: route.method === 'GET' ? 'get' : 'post',
        path,
        ...(route.scope ? { security: [{ bearerAuth: [] }] } : {}),
        ...route.docs,
      });
    }
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'The Eye',
      version: EYE_VERSION,
      description: 'Collects user-behaviour events from trusted applications, validates them, and serves them back. Every error is `{"error": {"code", "message", "details"?}}`.',
    },
    tags: [
      { name: 'events', description: 'Sending events' },
      { name: 'reads', description: 'Reading events, sessions, invalid events and stats' },
      { name: 'service', description: 'Health and this description (metrics are on the ops port)' },
    ],
  });
}
