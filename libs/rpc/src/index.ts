/**
 * grpc-js plumbing shared by The Eye's services: server bootstrap with health and reflection,
 * unary handler adaptation, promise clients with deadlines, and the one translation between
 * the contract's stable error codes and gRPC status.
 */
export { ERROR_CODES, STATUS_BY_CODE, codeForStatus, isErrorCode, type ErrorCode } from './error-codes';
export { ServiceError, RemoteCallError, hasErrorCode, isDeadlineExceeded } from './errors';
export { createGrpcServer, type GrpcServer, type GrpcServerOptions } from './server';
export { unary, toStatusObject, authorizationFrom, type UnaryCall, type UnaryOptions, type UnexpectedErrorListener } from './handlers';
export { callUnary, fromServiceError, checkHealth, createHealthChecker, CLIENT_CHANNEL_OPTIONS, type CallOptions, type HealthChecker, type UnaryMethod } from './client';
