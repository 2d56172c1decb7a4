import { join } from 'node:path';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { HttpError } from '../http-errors';
import type { GatewayContext } from './context';
import type { RouteHandler } from './route-table';

/** Files of the swagger-ui-dist package that the docs page loads. */
const SWAGGER_ASSETS = new Set([
  'swagger-ui.css',
  'index.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
  'oauth2-redirect.html',
  'oauth2-redirect.js',
]);

/** Absolute asset paths, so the page works at both /docs and /docs/. */
const DOCS_PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>The Eye API</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="/docs/index.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script src="/docs/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

/** Replaces the package's initializer, which points at the Petstore example. */
const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
  });
};
`;

/** `GET /openapi.json`, generated once from the route table and the gateway's zod schemas. */
export const openApiJson =
  (context: GatewayContext): RouteHandler =>
  (_req, res) => {
    res.type('application/json').send(context.openApiJson());
  };

/** `GET /docs`: Swagger UI, served from the `swagger-ui-dist` package (no CDN, no token needed). */
export const docsPage = (): RouteHandler => (_req, res) => {
  res.type('text/html').send(DOCS_PAGE);
};

/** `GET /docs/:asset`: the files the page loads; anything else is 404. */
export const docsAsset = (): RouteHandler => {
  const assets = getAbsoluteFSPath();
  return (req, res) => {
    const asset = String(req.params['asset']);
    if (asset === 'swagger-initializer.js') res.type('application/javascript').send(INITIALIZER);
    else if (asset === 'index.html') res.type('text/html').send(DOCS_PAGE);
    else if (SWAGGER_ASSETS.has(asset)) res.sendFile(join(assets, asset), { maxAge: '1d' });
    else throw new HttpError('not_found', `no route ${req.method} ${req.path}`);
  };
};
