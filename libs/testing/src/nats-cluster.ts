import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect, freePort, httpOk } from './ports';
import type { NatsServer } from './nats-server';
import { infraBinary } from './repo';
import { RestartableServer } from './restartable-server';

export interface NatsClusterOptions {
  /** How many nodes (default 3: the smallest cluster that keeps a quorum when one is lost). */
  nodes?: number;
  /** The cluster's name (default `eye`). */
  name?: string;
  /** How long to wait for the cluster to be ready (default 30 s). */
  readyTimeoutMs?: number;
}

/**
 * One node of a {@link NatsCluster}: stop it (also with SIGKILL) and start it again with the same
 * port and storage; `start()` waits until its `/healthz` says its JetStream assets are current.
 */
export interface NatsClusterNode extends Omit<NatsServer, 'monitorPort' | 'storeDir' | 'destroy'> {
  /** Its JetStream server name, as `cluster.leader` and `cluster.replicas` of a stream name it (`n1`, `n2`, ...). */
  readonly name: string;
}

/** A JetStream cluster of nats-server nodes on loopback, harness-owned. */
export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL, comma-separated: what `EYE_NATS_URL` takes. */
  readonly urls: string;
  node(name: string): NatsClusterNode;
  /** Stops every node and removes their storage. */
  destroy(): Promise<void>;
}

/** The command line of one cluster node (exported for tests of the harness itself). */
export function natsClusterNodeArgs(options: {
  name: string;
  cluster: string;
  port: number;
  monitorPort: number;
  routePort: number;
  routes: readonly number[];
  storeDir: string;
}): string[] {
  return [
    '-js',
    '-a', '127.0.0.1',
    '-p', String(options.port),
    '-m', String(options.monitorPort),
    '-sd', options.storeDir,
    '--server_name', options.name,
    '--cluster_name', options.cluster,
    '--cluster', `nats://127.0.0.1:${options.routePort}`,
    '--routes', options.routes.map((port) => `nats://127.0.0.1:${port}`).join(','),
  ];
}

/**
 * Starts `nodes` nats-server processes on free loopback ports that form one JetStream cluster
 * (every node routes to every other), and waits until each reports itself healthy, which it
 * does once the cluster has elected a meta leader.
 */
export async function startNatsCluster(options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const count = options.nodes ?? 3;
  const cluster = options.name ?? 'eye';
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const command = infraBinary('nats-server');
  const workDir = await mkdtemp(join(tmpdir(), 'eye-nats-cluster-'));
  const ports = await Promise.all(Array.from({ length: count * 3 }, () => freePort()));
  const specs = Array.from({ length: count }, (_, index) => ({
    name: `n${index + 1}`,
    port: ports[index * 3] ?? 0,
    monitorPort: ports[index * 3 + 1] ?? 0,
    routePort: ports[index * 3 + 2] ?? 0,
  }));
  const nodes = specs.map((spec): NatsClusterNode => {
    const monitorUrl = `http://127.0.0.1:${spec.monitorPort}`;
    const server = new RestartableServer({
      name: `nats-${spec.name}`,
      command,
      args: natsClusterNodeArgs({
        ...spec,
        cluster,
        routes: specs.filter((other) => other !== spec).map((other) => other.routePort),
        storeDir: join(workDir, spec.name),
      }),
      describe: `nats-server ${spec.name} on 127.0.0.1:${spec.port} (cluster ${cluster})`,
      ready: async () => (await canConnect(spec.port)) && (await httpOk(`${monitorUrl}/healthz`)),
      readyTimeoutMs,
      workDir,
    });
    return {
      name: spec.name,
      url: `nats://127.0.0.1:${spec.port}`,
      monitorUrl,
      port: spec.port,
      get running() {
        return server.running;
      },
      get pid() {
        return server.pid;
      },
      get logFile() {
        return server.logFile;
      },
      logs: () => server.logs(),
      start: () => server.start(),
      stop: (stopOptions) => server.stop(stopOptions),
    };
  });
  const destroy = async () => {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    await rm(workDir, { recursive: true, force: true });
  };
  const started = await Promise.allSettled(nodes.map((node) => node.start()));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await destroy();
    throw failed.reason;
  }
  return {
    nodes,
    urls: nodes.map((node) => node.url).join(','),
    node: (name) => {
      const found = nodes.find((node) => node.name === name);
      if (!found) throw new Error(`no node ${name} in this cluster (${nodes.map((node) => node.name).join(', ')})`);
      return found;
    },
    destroy,
  };
}
