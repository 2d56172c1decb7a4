import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

/** Receives connection state changes (disconnect, reconnect, errors, ...; not keep-alive pings), e.g. to log them. */
export type ConnectionListener = (event: { type: string; data?: unknown }) => void;

export interface NatsLinkOptions {
  /**
   * `nats://host:port`, several separated by commas; `nats://user:password@host:port` carries
   * credentials (percent-encoded), as MongoDB URLs do.
   */
  url: string;
  /** Shown in the server's connection list, e.g. `eye-ingest`. */
  name: string;
  onStatus?: ConnectionListener;
}

/** A NATS connection that reconnects forever and knows whether it is currently connected. */
export interface NatsLink {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  jsm(): Promise<JetStreamManager>;
  isConnected(): boolean;
  /** Drains subscriptions and pending publishes, then closes. */
  drain(): Promise<void>;
}

/** The servers of a NATS URL without credentials, and the user and password it carried (nats.js reads none from a URL). */
export function natsServers(url: string): { servers: string[]; user?: string; pass?: string } {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url
    .split(',')
    .map((server) => server.trim())
    .filter(Boolean)
    .map((text) => {
      let parsed: URL;
      try {
        parsed = new URL(text.includes('://') ? text : `nats://${text}`);
      } catch {
        return text;
      }
      if (!parsed.username) return text;
      user = decodeURIComponent(parsed.username);
      pass = decodeURIComponent(parsed.password);
      return `${parsed.protocol}//${parsed.host}`;
    });
  return { servers, ...(user === undefined ? {} : { user, pass }) };
}

/**
 * Connects to NATS, waiting for the first connection if no server is up yet, and keeps
 * reconnecting for as long as the process lives: to any server of the list or of the cluster,
 * so losing one node of a cluster moves the connection to a surviving one.
 */
export async function connectNats(options: NatsLinkOptions): Promise<NatsLink> {
  const nc = await connect({
    ...natsServers(options.url),
    name: options.name,
    waitOnFirstConnect: true,
    // Async traces capture a stack (an Error) on every request, so every JetStream publish: ~10% of ingest CPU.
    noAsyncTraces: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    pingInterval: 5_000,
    maxPingOut: 2,
  });
  let connected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') connected = false;
      if (status.type === 'reconnect') connected = true;
      // A ping every pingInterval is keep-alive traffic, not a change; it would flood info logs.
      if (status.type === 'ping') continue;
      options.onStatus?.(status as { type: string; data?: unknown });
    }
  })();
  const js = jetstream(nc);
  return {
    nc,
    js,
    jsm: () => jetstreamManager(nc),
    isConnected: () => connected && !nc.isClosed(),
    drain: async () => {
      if (!nc.isClosed()) await nc.drain();
    },
  };
}
