import type { GatewayContext } from './context';
import type { RouteHandler } from './route-table';

/** `GET /healthz`: 200 while the process lives. */
export const healthz = (): RouteHandler => (_req, res) => {
  res.json({ status: 'ok' });
};

/** `GET /readyz`: 200 when both gRPC services report SERVING (so NATS and MongoDB are reachable). */
export const readyz =
  ({ backends }: GatewayContext): RouteHandler =>
  async (_req, res) => {
    const ready = await backends.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready' });
  };
