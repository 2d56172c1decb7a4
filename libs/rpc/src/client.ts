import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { codeForStatus, ERROR_CODE_METADATA_KEY, ERROR_DETAILS_METADATA_KEY, isErrorCode } from './error-codes';
import { RemoteCallError } from './errors';

export interface CallOptions {
  /** Passed on as the `authorization` metadata entry (e.g. `Bearer <token>`). */
  authorization?: string;
  /** Milliseconds until the call's deadline. */
  timeoutMs: number;
  /** Names the service in messages about it, e.g. `the ingest service` (default `a backend service`). */
  service?: string;
}

/** A ts-proto grpc-js unary client method, e.g. `client.publishEvents`. */
export type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

/**
 * What to tell a client about a failed call that carries no stable code (grpc-js's own errors:
 * no connection, deadline, message too large): the service by name, never grpc-js's text, which
 * holds addresses.
 */
function messageWithoutCode(status: grpc.status, service: string): string {
  switch (status) {
    case grpc.status.DEADLINE_EXCEEDED:
      return `${service} did not answer in time`;
    case grpc.status.RESOURCE_EXHAUSTED:
      return `${service} could not take the call now`;
    case grpc.status.UNAVAILABLE:
    case grpc.status.CANCELLED:
      return `${service} is not reachable`;
    default:
      return `${service} failed to answer`;
  }
}

/**
 * Translates a grpc-js client error into a {@link RemoteCallError} with the stable code. A
 * service's own message (sent with a stable code) is kept; otherwise the message names `service`.
 */
export function fromServiceError(error: grpc.ServiceError, service = 'a backend service'): RemoteCallError {
  const [code] = error.metadata?.get(ERROR_CODE_METADATA_KEY) ?? [];
  const [details] = error.metadata?.get(ERROR_DETAILS_METADATA_KEY) ?? [];
  const stable = isErrorCode(code) ? code : codeForStatus(error.code);
  let parsedDetails: unknown[] | undefined;
  if (typeof details === 'string') {
    try {
      const value: unknown = JSON.parse(details);
      parsedDetails = Array.isArray(value) ? value : undefined;
    } catch {
      parsedDetails = undefined;
    }
  }
  const message = isErrorCode(code) ? error.details || error.message : messageWithoutCode(error.code, service);
  return new RemoteCallError(stable, message, parsedDetails, error.code, { cause: error });
}

/** Calls a ts-proto grpc-js unary method as a promise, with a deadline and auth metadata. */
export function callUnary<Req, Res>(client: grpc.Client, method: UnaryMethod<Req, Res>, request: Req, options: CallOptions): Promise<Res> {
  const metadata = new grpc.Metadata();
  if (options.authorization) metadata.set('authorization', options.authorization);
  return new Promise((resolve, reject) => {
    method.call(client, request, metadata, { deadline: Date.now() + options.timeoutMs }, (error, response) => {
      if (error) reject(fromServiceError(error, options.service));
      else resolve(response);
    });
  });
}

/** Client channel options shared by every internal client: keepalive and a quick reconnect. */
export const CLIENT_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 2_000,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  'grpc.max_send_message_length': 8 * 1024 * 1024,
};

/** A long-lived grpc.health.v1 client for one server: one channel, reused by every check. */
export interface HealthChecker {
  /** True when the server answers SERVING within `timeoutMs`. Never throws. */
  check(timeoutMs: number): Promise<boolean>;
  close(): void;
}

export function createHealthChecker(address: string): HealthChecker {
  const HealthClient = grpc.makeGenericClientConstructor(healthService, 'Health');
  const client = new HealthClient(address, grpc.credentials.createInsecure(), CLIENT_CHANNEL_OPTIONS);
  const check = (client as unknown as { check: UnaryMethod<{ service: string }, { status?: string | number }> }).check;
  return {
    check: async (timeoutMs) => {
      try {
        const response = await new Promise<{ status?: string | number }>((resolve, reject) => {
          check.call(client, { service: '' }, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (error, value) =>
            error ? reject(error) : resolve(value),
          );
        });
        return response.status === 'SERVING' || response.status === 1;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

/** Asks a server's grpc.health.v1 once whether it is SERVING (a channel per call). Never throws. */
export async function checkHealth(address: string, timeoutMs: number): Promise<boolean> {
  const checker = createHealthChecker(address);
  try {
    return await checker.check(timeoutMs);
  } finally {
    checker.close();
  }
}
