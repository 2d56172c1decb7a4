import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { withProtocMapEntryNames } from './reflection-descriptors';

/** The proto files reflection serves; found next to the repository (or image) root. */
function protoRoot(): string {
  const candidates = [process.cwd(), __dirname, path.resolve(__dirname, '..'), path.resolve(__dirname, '../..'), path.resolve(__dirname, '../../..'), path.resolve(__dirname, '../../../..')];
  for (const dir of candidates) {
    if (existsSync(path.join(dir, 'proto/eye/v1/events.proto'))) return path.join(dir, 'proto');
  }
  throw new Error('proto/eye/v1 not found: gRPC reflection needs the proto files next to the service');
}

export interface GrpcServerOptions {
  /** Fully qualified service names, e.g. `eye.v1.IngestService`, reported by health and reflection. */
  services: string[];
  /** The proto files (relative to `proto/`) that declare those services. */
  protoFiles: string[];
}

export interface GrpcServer {
  server: grpc.Server;
  health: HealthImplementation;
  /** Binds to `host:port` and resolves with the bound port. */
  listen(address: string): Promise<number>;
  /** Marks every service SERVING or NOT_SERVING in grpc.health.v1. */
  setServing(serving: boolean): void;
  /**
   * Keeps grpc.health.v1 in step with the service's own dependencies: every `intervalMs` it
   * asks `ready()` and reports SERVING or NOT_SERVING. Stopped by {@link shutdown}.
   */
  trackReadiness(ready: () => Promise<boolean>, intervalMs?: number): Promise<void>;
  /** Stops taking new calls, lets in-flight calls finish (bounded by `graceMs`), then closes. */
  shutdown(graceMs: number): Promise<void>;
}

/** A grpc-js server with grpc.health.v1 and server reflection (v1 and v1alpha) already added. */
export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1024 * 1024 });
  const health = new HealthImplementation({ '': 'NOT_SERVING', ...Object.fromEntries(options.services.map((s) => [s, 'NOT_SERVING'])) });
  health.addToServer(server);
  const root = protoRoot();
  const definition = protoLoader.loadSync(
    // grpc.health.v1 too, so a reflection client (grpcurl) can describe and call Health.
    [...options.protoFiles.map((file) => path.join(root, file)), healthProtoPath],
    { includeDirs: [root, path.dirname(healthProtoPath)], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true },
  );
  new ReflectionService(withProtocMapEntryNames(definition)).addToServer(server);

  let readinessTimer: NodeJS.Timeout | undefined;
  const setServing = (serving: boolean) => {
    const value = serving ? 'SERVING' : 'NOT_SERVING';
    health.setStatus('', value);
    for (const service of options.services) health.setStatus(service, value);
  };
  const checkReadiness = async (ready: () => Promise<boolean>) => {
    let serving = false;
    try {
      serving = await ready();
    } catch {
      serving = false;
    }
    if (readinessTimer) setServing(serving);
  };

  return {
    server,
    health,
    listen: (address) =>
      new Promise((resolve, reject) => {
        server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
      }),
    setServing,
    trackReadiness: async (ready, intervalMs = 2_000) => {
      readinessTimer = setInterval(() => void checkReadiness(ready), intervalMs);
      readinessTimer.unref();
      await checkReadiness(ready);
    },
    shutdown: (graceMs) =>
      new Promise((resolve) => {
        clearInterval(readinessTimer);
        readinessTimer = undefined;
        setServing(false);
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
