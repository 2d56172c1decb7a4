/**
 * docker-compose.cluster.yml (no Docker here): parsed and checked against the services'
 * configuration schemas, so what it sets is what the services accept, and the cluster it
 * describes holds together (every NATS node routes to the others, replicas fit the nodes, the
 * replica set has every member, ingest and validators agree on the stream).
 */
import { gatewayEnv, ingestEnv, queryEnv, validatorEnv } from '@eye/config';
import { repoRoot } from '@eye/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  ports?: string[];
  healthcheck?: { test?: string[] };
}

const compose = parse(readFileSync(join(repoRoot(), 'docker-compose.cluster.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const schemas = { gateway: gatewayEnv, ingest: ingestEnv, validator: validatorEnv, query: queryEnv };
const apps = Object.keys(schemas) as (keyof typeof schemas)[];
const config = (app: keyof typeof schemas) => schemas[app].parse(services[app]?.environment ?? {}) as Record<string, unknown>;
const natsNodes = ['nats-1', 'nats-2', 'nats-3'];
const mongoMembers = ['mongo-1', 'mongo-2', 'mongo-3'];

/** The value after `flag` in a command line. */
const option = (command: string[] | undefined, flag: string) => command?.[command.indexOf(flag) + 1] ?? '';
const hostPort = (url: string) => url.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');

describe('docker-compose.cluster.yml', () => {
  it('has a 3-node NATS cluster, a 3-member MongoDB replica set, Jaeger and the four services', () => {
    expect(Object.keys(services).sort()).toEqual([...natsNodes, ...mongoMembers, 'jaeger', ...apps].sort());
    for (const app of apps) expect(services[app]?.command?.join(' ')).toContain(`dist/apps/${app}/main.js`);
  });

  it('gives each service only variables its schema knows, with values the schema accepts', () => {
    for (const app of apps) {
      const known = Object.keys(schemas[app].shape);
      const used = Object.keys(services[app]?.environment ?? {}).filter((name) => name.startsWith('EYE_'));
      expect(used.filter((name) => !known.includes(name))).toEqual([]);
      expect(() => config(app)).not.toThrow();
    }
  });

  it('forms one JetStream cluster: every node named, routing to every other node', () => {
    const names = new Set<string>();
    for (const node of natsNodes) {
      const command = services[node]?.command;
      expect(services[node]?.image).toMatch(/^nats:2\.1[2-9]/);
      expect(command).toEqual(expect.arrayContaining(['-js', '-sd']));
      expect(option(command, '--cluster_name')).toBe('eye');
      names.add(option(command, '--server_name'));
      const routes = option(command, '--routes').split(',').map((route) => hostPort(route).split(':')[0]);
      expect(routes.sort()).toEqual(natsNodes.filter((other) => other !== node));
    }
    expect(names.size).toBe(natsNodes.length);
  });

  it('has ingest and validators agree on the stream, replicated on the cluster and partitioned', () => {
    const ingest = config('ingest');
    const validator = config('validator');
    for (const app of [ingest, validator]) {
      expect(String(app['EYE_NATS_URL']).split(',').map(hostPort).sort()).toEqual(natsNodes.map((node) => `${node}:4222`));
      expect(app['EYE_STREAM_REPLICAS']).toBe(3);
    }
    expect(Number(ingest['EYE_STREAM_REPLICAS'])).toBeLessThanOrEqual(natsNodes.length);
    expect(ingest['EYE_PARTITIONS']).toBeGreaterThan(1);
    for (const name of ['EYE_PARTITIONS', 'EYE_STREAM_NAME', 'EYE_STREAM_SUBJECT', 'EYE_STREAM_REPLICAS']) expect(validator[name]).toEqual(ingest[name]);
    expect(validator['EYE_VALIDATOR_PARTITIONS']).toBe('all');
  });

  it('stores in a replica set with every member, initiated by the first one', () => {
    for (const member of mongoMembers) {
      expect(services[member]?.image).toMatch(/^mongo:7/);
      expect(option(services[member]?.command, '--replSet')).toBe('rs0');
    }
    const initiate = services['mongo-1']?.healthcheck?.test?.join(' ') ?? '';
    for (const member of mongoMembers) expect(initiate).toContain(`host: '${member}:27017'`);
    for (const app of ['ingest', 'validator', 'query'] as const) {
      const url = String(config(app)['EYE_MONGO_URL']);
      expect(url).toMatch(/[?&]replicaSet=rs0(&|$)/);
      expect(url.replace(/^mongodb:\/\//, '').split('/')[0]?.split(',').sort()).toEqual(mongoMembers.map((member) => `${member}:27017`));
    }
  });

  it('replicates the services: the gateway spreads over every ingest container with its workers', () => {
    for (const app of ['ingest', 'validator', 'query'] as const) expect(services[app]?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    const gateway = config('gateway');
    expect(gateway['EYE_GATEWAY_WORKERS']).toBeGreaterThanOrEqual(2);
    // One DNS name for every ingest container, on the port ingest listens on.
    const ingestPort = String(config('ingest')['EYE_INGEST_ADDR']).split(':')[1];
    expect(gateway['EYE_INGEST_ADDR']).toEqual([`ingest:${ingestPort}`]);
    expect(gateway['EYE_HTTP_HOST']).toBe('0.0.0.0');
    expect(services['gateway']?.ports).toContain('127.0.0.1:8000:8000');
  });
});
