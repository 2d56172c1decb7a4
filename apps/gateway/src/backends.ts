import type { GatewayConfig } from '@eye/config';
import { AuthServiceClient, IngestServiceClient, QueryServiceClient } from '@eye/contracts';
import { callUnary, CLIENT_CHANNEL_OPTIONS, createHealthChecker, type UnaryMethod } from '@eye/rpc';
import { credentials, type ChannelOptions, type Client } from '@grpc/grpc-js';

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
  /** True when query and at least one ingest answer grpc.health.v1 as SERVING (so their dependencies are up). */
  ready(): Promise<boolean>;
  close(): void;
}

/**
 * The grpc-js target for the ingest addresses: one address as it is (a DNS name resolves to all
 * its addresses), several IPv4 addresses as a static `ipv4:a,b` list.
 */
export function ingestTarget(addresses: readonly string[]): string {
  return addresses.length === 1 ? (addresses[0] ?? '') : `ipv4:${addresses.join(',')}`;
}

/**
 * Spreads calls over every address the target resolves to (grpc-js `round_robin`); an address
 * that stops answering leaves the rotation until it connects again.
 */
export const ROUND_ROBIN: ChannelOptions = {
  'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
};

export function connectBackends(config: GatewayConfig): Backends {
  const ingest = new IngestServiceClient(ingestTarget(config.EYE_INGEST_ADDR), credentials.createInsecure(), {
    ...CLIENT_CHANNEL_OPTIONS,
    ...ROUND_ROBIN,
  });
  // The same channel as ingest's client: the same connections, spread the same way.
  const auth = new AuthServiceClient(ingestTarget(config.EYE_INGEST_ADDR), credentials.createInsecure(), { ...CLIENT_CHANNEL_OPTIONS, channelOverride: ingest.getChannel() });
  const query = new QueryServiceClient(config.EYE_QUERY_ADDR, credentials.createInsecure(), CLIENT_CHANNEL_OPTIONS);
  const names = new Map<Client, string>([
    [ingest, 'the ingest service'],
    [auth, 'the ingest service'],
    [query, 'the query service'],
  ]);
  // One health channel per server for the gateway's life: /readyz is probed every few seconds.
  const ingestHealth = config.EYE_INGEST_ADDR.map((address) => createHealthChecker(address));
  const queryHealth = createHealthChecker(config.EYE_QUERY_ADDR);
  return {
    ingest,
    auth,
    query,
    call: (client, method, request, authorization) =>
      callUnary(client, method, request, { authorization, timeoutMs: config.EYE_RPC_TIMEOUT, service: names.get(client) }),
    ready: async () => {
      const [ingestReady, queryReady] = await Promise.all([
        Promise.all(ingestHealth.map((checker) => checker.check(1_000))).then((answers) => answers.some(Boolean)),
        queryHealth.check(1_000),
      ]);
      return ingestReady && queryReady;
    },
    close: () => {
      ingest.close();
      query.close();
      for (const checker of ingestHealth) checker.close();
      queryHealth.close();
    },
  };
}
