import { status } from '@grpc/grpc-js';

/** The stable error codes of the public contract, shared by every service and the gateway. */
export const ERROR_CODES = [
  'invalid_json',
  'invalid_request',
  'invalid_query',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The gRPC status each stable code travels as. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, status>> = {
  invalid_json: status.INVALID_ARGUMENT,
  invalid_request: status.INVALID_ARGUMENT,
  invalid_query: status.INVALID_ARGUMENT,
  unauthenticated: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  method_not_allowed: status.UNIMPLEMENTED,
  payload_too_large: status.RESOURCE_EXHAUSTED,
  unsupported_media_type: status.INVALID_ARGUMENT,
  rate_limited: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
  internal: status.INTERNAL,
};

/** The stable code assumed for a status that arrives without one (e.g. from grpc-js itself). */
export function codeForStatus(code: status): ErrorCode {
  switch (code) {
    case status.INVALID_ARGUMENT:
    case status.OUT_OF_RANGE:
      return 'invalid_request';
    case status.UNAUTHENTICATED:
      return 'unauthenticated';
    case status.PERMISSION_DENIED:
      return 'forbidden';
    case status.NOT_FOUND:
      return 'not_found';
    // Without a stable code RESOURCE_EXHAUSTED is grpc-js's (a message over the size limit, a
    // server out of resources): the service is not taking the call, not a rate limit of the
    // caller's. Only a service's explicit `rate_limited` means that.
    case status.RESOURCE_EXHAUSTED:
    case status.UNAVAILABLE:
    case status.DEADLINE_EXCEEDED:
    case status.CANCELLED:
      return 'unavailable';
    default:
      return 'internal';
  }
}

/** Metadata key carrying the stable code alongside the gRPC status. */
export const ERROR_CODE_METADATA_KEY = 'eye-error-code';
/** Metadata key carrying JSON `details` (e.g. validation issues) alongside the status. */
export const ERROR_DETAILS_METADATA_KEY = 'eye-error-details';
