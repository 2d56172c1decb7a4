import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayEnv, ingestEnv, queryEnv, validatorEnv } from '@eye/config';
import { parse } from 'yaml';
import { repoRoot } from './repo';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
}

const composeText = readFileSync(join(repoRoot(), 'docker-compose.yml'), 'utf8');

/** The credentials an operator exports before `docker compose up`; compose substitutes `${NAME}` and `${NAME:?message}`. */
const OPERATOR_ENV: Record<string, string> = {
  EYE_NATS_USER: 'nats-user',
  EYE_NATS_PASSWORD: 'nats-secret',
  EYE_MONGO_USER: 'mongo-user',
  EYE_MONGO_PASSWORD: 'mongo-secret',
};

/** The variables the compose file substitutes, and whether each is required (`:?`). */
const substituted = [...composeText.matchAll(/\$\{([A-Z_]+)(:\?[^}]*)?\}/g)].map(([, name, required]) => ({ name: name ?? '', required: required !== undefined }));

const compose = parse(
  composeText.replace(/\$\{([A-Z_]+)(?::\?[^}]*)?\}/g, (_match, name: string) => OPERATOR_ENV[name] ?? ''),
  { merge: true },
) as {
  services: Record<string, ComposeService & { volumes?: string[] }>;
};
const services = compose.services;

const schemas = { gateway: gatewayEnv, ingest: ingestEnv, validator: validatorEnv, query: queryEnv };
const apps = Object.keys(schemas) as (keyof typeof schemas)[];

/** The container ports a service publishes, from `[ip:]host:container` entries. */
function publishedContainerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((entry) => Number(String(entry).split(':').pop()));
}

function hostAndPort(address: string): [string, number] {
  const withoutScheme = address.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '').replace(/^.*@/, '');
  const [host, port] = withoutScheme.split(':');
  return [host ?? '', Number(port)];
}

/** What a service ends up with: the schema's defaults under the compose environment. */
function effectiveConfig(app: keyof typeof schemas): Record<string, unknown> {
  return schemas[app].parse(services[app]?.environment ?? {}) as Record<string, unknown>;
}

const defaults = (app: keyof typeof schemas) => schemas[app].parse({}) as Record<string, unknown>;

describe('docker-compose.yml', () => {
  it('has the infrastructure and the four services, each running its own app', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['gateway', 'ingest', 'jaeger', 'mongo', 'nats', 'query', 'validator'].sort(),
    );
    expect(services['nats']?.image).toMatch(/^nats:2\.1[2-9]/);
    expect(services['nats']?.command).toEqual(expect.arrayContaining(['-js', '-sd']));
    expect(services['mongo']?.image).toMatch(/^mongo:7/);
    expect(services['jaeger']?.image).toMatch(/^jaegertracing\/(jaeger:2\.|all-in-one:1\.76)/);
    for (const app of apps) {
      expect(services[app]?.build).toBeDefined();
      expect(services[app]?.command?.join(' ')).toContain(`dist/apps/${app}/main.js`);
    }
  });

  it('publishes the gateway on 8000 and the Jaeger UI on 16686', () => {
    expect(publishedContainerPorts(services['gateway'] ?? {})).toContain(8000);
    expect(publishedContainerPorts(services['jaeger'] ?? {})).toContain(16686);
    expect(effectiveConfig('gateway')['EYE_HTTP_PORT']).toBe(8000);
  });

  it.each(apps)('gives %s only variables its config schema knows', (app) => {
    const known = Object.keys(schemas[app].shape);
    const used = Object.keys(services[app]?.environment ?? {}).filter((name) => name.startsWith('EYE_'));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !known.includes(name))).toEqual([]);
  });

  it('points the services at each other by service name, on the ports they listen on', () => {
    for (const app of ['ingest', 'validator'] as const) {
      const [host, port] = hostAndPort(String(effectiveConfig(app)['EYE_NATS_URL']));
      expect([host, port]).toEqual(['nats', hostAndPort(String(defaults(app)['EYE_NATS_URL']))[1]]);
    }
    for (const app of ['ingest', 'validator', 'query'] as const) {
      const [host, port] = hostAndPort(String(effectiveConfig(app)['EYE_MONGO_URL']));
      expect([host, port]).toEqual(['mongo', 27017]);
    }
    const gateway = effectiveConfig('gateway');
    expect(gateway['EYE_HTTP_HOST']).toBe('0.0.0.0');
    expect(hostAndPort(String(gateway['EYE_INGEST_ADDR']))).toEqual([
      'ingest',
      hostAndPort(String(effectiveConfig('ingest')['EYE_INGEST_ADDR']))[1],
    ]);
    expect(hostAndPort(String(gateway['EYE_QUERY_ADDR']))).toEqual([
      'query',
      hostAndPort(String(effectiveConfig('query')['EYE_QUERY_ADDR']))[1],
    ]);
  });

  it('makes the gRPC services listen on all interfaces inside their containers', () => {
    expect(hostAndPort(String(effectiveConfig('ingest')['EYE_INGEST_ADDR']))[0]).toBe('0.0.0.0');
    expect(hostAndPort(String(effectiveConfig('query')['EYE_QUERY_ADDR']))[0]).toBe('0.0.0.0');
  });

  it('sends traces to Jaeger over OTLP/HTTP', () => {
    for (const app of apps) {
      expect(services[app]?.environment?.['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('http://jaeger:4318');
    }
  });

  it('runs NATS and MongoDB with credentials the operator must set, and gives the services those credentials', () => {
    for (const name of Object.keys(OPERATOR_ENV)) expect(substituted).toContainEqual({ name, required: true });
    expect(composeText).not.toMatch(/PASSWORD:\s*["']?[A-Za-z0-9]/);
    expect(services['nats']?.command).toEqual(expect.arrayContaining(['-c', '/etc/nats/eye.conf']));
    expect(services['nats']?.environment).toMatchObject({ EYE_NATS_USER: 'nats-user', EYE_NATS_PASSWORD: 'nats-secret' });
    const natsConfig = readFileSync(join(repoRoot(), 'tools/infra/nats-compose.conf'), 'utf8');
    expect(natsConfig).toMatch(/authorization\s*\{[^}]*user:\s*\$EYE_NATS_USER[^}]*password:\s*\$EYE_NATS_PASSWORD/);
    expect(services['nats']?.volumes).toContain('./tools/infra/nats-compose.conf:/etc/nats/eye.conf:ro');
    expect(services['mongo']?.environment).toMatchObject({ MONGO_INITDB_ROOT_USERNAME: 'mongo-user', MONGO_INITDB_ROOT_PASSWORD: 'mongo-secret' });
    for (const app of ['ingest', 'validator'] as const) {
      expect(new URL(String(effectiveConfig(app)['EYE_NATS_URL']))).toMatchObject({ username: 'nats-user', password: 'nats-secret' });
    }
    for (const app of ['ingest', 'validator', 'query'] as const) {
      const url = new URL(String(effectiveConfig(app)['EYE_MONGO_URL']));
      expect(url).toMatchObject({ username: 'mongo-user', password: 'mongo-secret', pathname: '/eye' });
      expect(url.searchParams.get('authSource')).toBe('admin');
    }
  });

  it('serves every ops port on all interfaces of the compose network, unpublished, on the contract ports', () => {
    const opsPorts = { gateway: 9100, ingest: 9101, validator: 9102, query: 9103 };
    for (const app of apps) {
      const config = effectiveConfig(app);
      expect([config['EYE_METRICS_HOST'], config['EYE_METRICS_PORT']]).toEqual(['0.0.0.0', opsPorts[app]]);
      expect(publishedContainerPorts(services[app] ?? {})).not.toContain(opsPorts[app]);
      expect(defaults(app)['EYE_METRICS_HOST']).toBe('127.0.0.1');
    }
  });
});
