import { fromServiceError } from '@eye/rpc';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { sendError } from './http-errors';

/** A gRPC client error as grpc-js hands it over: a status, a message and trailing metadata. */
function grpcError(code: status, metadata: Record<string, string> = {}): ServiceError {
  const trailers = new Metadata();
  for (const [key, value] of Object.entries(metadata)) trailers.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}`), { code, details: `the service said ${status[code]}`, metadata: trailers });
}

describe('gRPC status -> HTTP, in one place', () => {
  let server: Server;
  let baseUrl: string;
  let next: ServiceError;

  beforeAll(async () => {
    const app = express();
    app.get('/call', () => {
      throw fromServiceError(next);
    });
    app.get('/bug', () => {
      throw new Error('a bug with secrets in its message');
    });
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => sendError(res, error));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function answer(error: ServiceError) {
    next = error;
    const response = await fetch(`${baseUrl}/call`);
    const body = (await response.json()) as { error: { code: string; message: string; details?: unknown[] } };
    return { status: response.status, code: body.error.code, retryAfter: response.headers.get('retry-after'), body };
  }

  it.each(
    (
      [
        [status.INVALID_ARGUMENT, {}, 400, 'invalid_request'],
        [status.INVALID_ARGUMENT, { 'eye-error-code': 'invalid_json' }, 400, 'invalid_json'],
        [status.OUT_OF_RANGE, {}, 400, 'invalid_request'],
        [status.UNAUTHENTICATED, {}, 401, 'unauthenticated'],
        [status.PERMISSION_DENIED, {}, 403, 'forbidden'],
        [status.NOT_FOUND, {}, 404, 'not_found'],
        [status.RESOURCE_EXHAUSTED, { 'eye-error-code': 'payload_too_large' }, 413, 'payload_too_large'],
        // Without a stable code it is grpc-js's (a message too large): the service, not the caller's rate.
        [status.RESOURCE_EXHAUSTED, {}, 503, 'unavailable'],
        [status.RESOURCE_EXHAUSTED, { 'eye-error-code': 'rate_limited' }, 429, 'rate_limited'],
        [status.UNAVAILABLE, {}, 503, 'unavailable'],
        [status.UNAVAILABLE, { 'eye-error-code': 'unavailable' }, 503, 'unavailable'],
        [status.DEADLINE_EXCEEDED, {}, 503, 'unavailable'],
        [status.INTERNAL, {}, 500, 'internal'],
        [status.UNKNOWN, {}, 500, 'internal'],
      ] as [status, Record<string, string>, number, string][]
    ).map(([code, metadata, httpStatus, errorCode]) => [status[code], metadata, httpStatus, errorCode, code] as const),
  )('%s %j -> %s %s', async (_name, metadata, httpStatus, errorCode, code) => {
    const result = await answer(grpcError(code, metadata));
    expect({ status: result.status, code: result.code }).toEqual({ status: httpStatus, code: errorCode });
    expect(result.body.error.message.length).toBeGreaterThan(0);
    // A client is told when to retry exactly when retrying can help.
    expect(result.retryAfter !== null).toBe(httpStatus === 503 || httpStatus === 429);
    if (result.retryAfter !== null) expect(Number(result.retryAfter)).toBeGreaterThan(0);
  });

  it('passes the details a service attached through to the client', async () => {
    const details = [{ path: 'events.1', code: 'invalid_type' }];
    const result = await answer(grpcError(status.INVALID_ARGUMENT, { 'eye-error-code': 'invalid_request', 'eye-error-details': JSON.stringify(details) }));
    expect(result.body.error).toEqual({ code: 'invalid_request', message: 'the service said INVALID_ARGUMENT', details });
  });

  it('answers 500 internal, saying nothing more, for an error without a contract code', async () => {
    const response = await fetch(`${baseUrl}/bug`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
  });
});
