import type { GatewayConfig } from '@eye/config';
import { IngestServiceClient, QueryServiceClient } from '@eye/contracts';
import { CLIENT_CHANNEL_OPTIONS, createHealthChecker } from '@eye/rpc';
import { credentials } from '@grpc/grpc-js';

/** The gateway's gRPC clients and how long each call may take. */
export interface Backends {
  ingest: IngestServiceClient;
  query: QueryServiceClient;
  timeoutMs: number;
  /** True when both services answer grpc.health.v1 as SERVING (so their dependencies are up). */
  ready(): Promise<boolean>;
  close(): void;
}

export function connectBackends(config: GatewayConfig): Backends {
  const ingest = new IngestServiceClient(config.EYE_INGEST_ADDR, credentials.createInsecure(), CLIENT_CHANNEL_OPTIONS);
  const query = new QueryServiceClient(config.EYE_QUERY_ADDR, credentials.createInsecure(), CLIENT_CHANNEL_OPTIONS);
  // One health channel per service for the gateway's life: /readyz is probed every few seconds.
  const ingestHealth = createHealthChecker(config.EYE_INGEST_ADDR);
  const queryHealth = createHealthChecker(config.EYE_QUERY_ADDR);
  return {
    ingest,
    query,
    timeoutMs: config.EYE_RPC_TIMEOUT,
    ready: async () => {
      const [ingestReady, queryReady] = await Promise.all([ingestHealth.check(1_000), queryHealth.check(1_000)]);
      return ingestReady && queryReady;
    },
    close: () => {
      ingest.close();
      query.close();
      ingestHealth.close();
      queryHealth.close();
    },
  };
}
