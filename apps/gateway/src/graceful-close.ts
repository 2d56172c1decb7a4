import type { Server, ServerResponse } from 'node:http';

/**
 * Prepares a graceful close of an HTTP server: the returned function stops accepting, lets the
 * requests in flight finish, and closes every keep-alive connection as soon as it is idle, so
 * shutdown does not wait for clients' keep-alive timeouts. Call it right after creating the server.
 */
export function gracefulClose(server: Server): () => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  server.on('request', (_req, res: ServerResponse) => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
  });
  return () =>
    new Promise<void>((resolve) => {
      closing = true;
      // Answers still to be written end their connection; idle connections end now.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      server.close(() => resolve());
      server.closeIdleConnections();
    });
}
