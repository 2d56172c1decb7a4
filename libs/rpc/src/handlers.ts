import * as grpc from '@grpc/grpc-js';
import { ERROR_CODE_METADATA_KEY, ERROR_DETAILS_METADATA_KEY, STATUS_BY_CODE } from './error-codes';
import { hasErrorCode } from './errors';

/** What a unary handler sees of a call: its request, metadata and whether the caller left. */
export interface UnaryCall<Req> {
  request: Req;
  metadata: grpc.Metadata;
  cancelled(): boolean;
}

/** Logs a call that failed with an unexpected (non-contract) error. */
export type UnexpectedErrorListener = (error: unknown, method: string) => void;

/** Translates a domain error into a gRPC status carrying the stable code and details. */
export function toStatusObject(error: unknown): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  if (hasErrorCode(error)) {
    metadata.set(ERROR_CODE_METADATA_KEY, error.code);
    if (error.details?.length) metadata.set(ERROR_DETAILS_METADATA_KEY, JSON.stringify(error.details));
    return { code: STATUS_BY_CODE[error.code], details: error.message, metadata };
  }
  metadata.set(ERROR_CODE_METADATA_KEY, 'internal');
  return { code: grpc.status.INTERNAL, details: 'internal error', metadata };
}

/** How a unary handler reports on its calls. */
export interface UnaryOptions {
  /** Full method path, e.g. `/eye.v1.IngestService/PublishEvents`; used in metrics and logs. */
  method: string;
  /** Called once per call with the gRPC status name and the handling time. */
  onDone?: (outcome: { method: string; status: string; seconds: number }) => void;
  onUnexpectedError?: UnexpectedErrorListener;
}

/**
 * Adapts an async function to a grpc-js unary handler: its result is the response, and any
 * error it throws is translated once, here, into a status with the contract's stable code.
 */
export function unary<Req, Res>(options: UnaryOptions, handler: (call: UnaryCall<Req>) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const started = process.hrtime.bigint();
    const done = (status: grpc.status) =>
      options.onDone?.({ method: options.method, status: grpc.status[status], seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    handler({ request: call.request, metadata: call.metadata, cancelled: () => call.cancelled }).then(
      (response) => {
        done(grpc.status.OK);
        callback(null, response);
      },
      (error: unknown) => {
        if (!hasErrorCode(error)) options.onUnexpectedError?.(error, options.method);
        const statusObject = toStatusObject(error);
        done(statusObject.code ?? grpc.status.UNKNOWN);
        callback(statusObject as grpc.ServiceError);
      },
    );
  };
}

/** The bearer token of a call's `authorization` metadata, or undefined. */
export function authorizationFrom(metadata: grpc.Metadata): string | undefined {
  const [value] = metadata.get('authorization');
  return typeof value === 'string' ? value : undefined;
}
