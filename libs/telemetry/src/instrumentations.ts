import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { opsPathOf } from './ops-paths';

/**
 * Methods of grpc.health.v1.Health and grpc.reflection.*.ServerReflection. The gRPC instrumentation
 * matches only the bare method name, so one of our own methods with one of these names would be
 * untraced too; client stubs use camelCase, hence the case-insensitive match.
 */
const UNTRACED_GRPC_METHODS: ReadonlySet<string> = new Set(['check', 'watch', 'list', 'serverreflectioninfo']);

/** True for gRPC health and reflection methods, which are probes rather than work. */
export function isUntracedGrpcMethod(name: string): boolean {
  return UNTRACED_GRPC_METHODS.has(name.toLowerCase());
}

/**
 * The require-hook instrumentations every service runs. They patch modules required after the SDK
 * starts, which is why telemetry starts before express, gRPC and MongoDB are loaded.
 */
export function createInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => opsPathOf(request.url) !== undefined }),
    new ExpressInstrumentation(),
    new GrpcInstrumentation({ ignoreGrpcMethods: [isUntracedGrpcMethod] }),
    new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
  ];
}
