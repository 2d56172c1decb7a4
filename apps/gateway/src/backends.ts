import type { GatewayConfig } from '@eye/config';
import { AuthServiceClient, IngestServiceClient, QueryServiceClient } from '@eye/contracts';
import { callUnary, CLIENT_CHANNEL_OPTIONS, createHealthChecker, type UnaryMethod } from '@eye/rpc';
import { credentials, type Client } from '@grpc/grpc-js';

/** The gateway's gRPC clients and how long each call may take. */
export interface Backends {
  ingest: IngestServiceClient;
  /** `eye.v1.AuthService`, served by ingest. */
  auth: AuthServiceClient;
  query: QueryServiceClient;
  /**
   * Calls `method` of `client` with the gateway's deadline and the caller's `authorization`;
   * failures name the service (`the ingest service is not reachable`), never its address.
   */
  call<Req, Res>(client: Client, method: UnaryMethod<Req, Res>, request: Req, authorization: string | undefined): Promise<Res>;
  /** True when both services answer grpc.health.v1 as SERVING (so their dependencies are up). */
  ready(): Promise<boolean>;
  close(): void;
}

export function connectBackends(config: GatewayConfig): Backends {
  const ingest = new IngestServiceClient(config.EYE_INGEST_ADDR, credentials.createInsecure(), CLIENT_CHANNEL_OPTIONS);
  // The same channel as ingest's client: one connection to the ingest process.
  const auth = new AuthServiceClient(config.EYE_INGEST_ADDR, credentials.createInsecure(), { ...CLIENT_CHANNEL_OPTIONS, channelOverride: ingest.getChannel() });
  const query = new QueryServiceClient(config.EYE_QUERY_ADDR, credentials.createInsecure(), CLIENT_CHANNEL_OPTIONS);
  const names = new Map<Client, string>([
    [ingest, 'the ingest service'],
    [auth, 'the ingest service'],
    [query, 'the query service'],
  ]);
  // One health channel per service for the gateway's life: /readyz is probed every few seconds.
  const ingestHealth = createHealthChecker(config.EYE_INGEST_ADDR);
  const queryHealth = createHealthChecker(config.EYE_QUERY_ADDR);
  return {
    ingest,
    auth,
    query,
    call: (client, method, request, authorization) =>
      callUnary(client, method, request, { authorization, timeoutMs: config.EYE_RPC_TIMEOUT, service: names.get(client) }),
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
