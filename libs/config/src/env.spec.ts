import { availableParallelism } from 'node:os';
import { ConfigError, consumedPartitions, gatewayEnv, ingestEnv, parseEnv, validatorEnv } from './index';

describe('parseEnv', () => {
  it('fills every default from an empty environment', () => {
    const config = parseEnv(gatewayEnv, {});
    expect(config.EYE_HTTP_PORT).toBe(8000);
    expect(config.EYE_INGEST_ADDR).toEqual(['127.0.0.1:50051']);
    expect(config.EYE_BODY_LIMIT).toBe(1024 * 1024);
    expect(config.EYE_JAEGER_URL).toBe('http://127.0.0.1:16686');
    expect(config.EYE_JAEGER_UI_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses durations and sizes with units', () => {
    const config = parseEnv(ingestEnv, { EYE_STREAM_DUPLICATE_WINDOW: '5m', EYE_STREAM_MAX_BYTES: '2gb', EYE_CLOCK_SKEW: '30s' });
    expect(config.EYE_STREAM_DUPLICATE_WINDOW).toBe(300_000);
    expect(config.EYE_STREAM_MAX_BYTES).toBe(2 * 1024 ** 3);
    expect(config.EYE_CLOCK_SKEW).toBe(30_000);
  });

  it('names every bad variable in one error', () => {
    expect.assertions(4);
    try {
      parseEnv(gatewayEnv, { EYE_HTTP_PORT: 'eighty', EYE_INGEST_ADDR: 'nowhere', EYE_JAEGER_URL: 'ftp://jaeger' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('EYE_HTTP_PORT');
      expect((error as Error).message).toContain('EYE_INGEST_ADDR');
      expect((error as Error).message).toContain('EYE_JAEGER_URL');
    }
  });
});

describe('EYE_AUTH_CACHE_TTL', () => {
  it('refuses a cache longer than the contract allows for revocation', () => {
    expect(() => parseEnv(ingestEnv, { EYE_AUTH_CACHE_TTL: '30s' })).toThrow(/EYE_AUTH_CACHE_TTL/);
    expect(parseEnv(ingestEnv, { EYE_AUTH_CACHE_TTL: '10s' }).EYE_AUTH_CACHE_TTL).toBe(10_000);
  });
});

describe('the gateway', () => {
  it('has safe server limits by default and takes others', () => {
    const config = parseEnv(gatewayEnv, {});
    expect(config).toMatchObject({
      EYE_METRICS_HOST: '127.0.0.1',
      EYE_METRICS_PORT: 9100,
      EYE_HTTP_HEADERS_TIMEOUT: 10_000,
      EYE_HTTP_REQUEST_TIMEOUT: 30_000,
      EYE_HTTP_KEEPALIVE_TIMEOUT: 5_000,
      EYE_HTTP_MAX_CONNECTIONS: 1_024,
      EYE_AUTH_CACHE_TTL: 5_000,
    });
    expect(parseEnv(gatewayEnv, { EYE_HTTP_HEADERS_TIMEOUT: '2s', EYE_HTTP_REQUEST_TIMEOUT: '3s' }).EYE_HTTP_REQUEST_TIMEOUT).toBe(3_000);
  });

  it('refuses limits that cannot work together', () => {
    expect(() => parseEnv(gatewayEnv, { EYE_HTTP_HEADERS_TIMEOUT: '20s', EYE_HTTP_REQUEST_TIMEOUT: '10s' })).toThrow(/EYE_HTTP_HEADERS_TIMEOUT/);
    expect(() => parseEnv(gatewayEnv, { EYE_BODY_LIMIT: '5mb' })).toThrow(/EYE_BODY_LIMIT/);
    expect(() => parseEnv(gatewayEnv, { EYE_HTTP_MAX_CONNECTIONS: '0' })).toThrow(/EYE_HTTP_MAX_CONNECTIONS/);
  });
});

describe('partitions', () => {
  it('default to one partition, all of it consumed', () => {
    const config = parseEnv(validatorEnv, {});
    expect(config.EYE_PARTITIONS).toBe(1);
    expect(config.EYE_VALIDATOR_PARTITIONS).toBe('all');
    expect(consumedPartitions(config)).toEqual([0]);
  });

  it('are chosen per validator with numbers and ranges', () => {
    const config = parseEnv(validatorEnv, { EYE_PARTITIONS: '8', EYE_VALIDATOR_PARTITIONS: '6, 0-2,2' });
    expect(consumedPartitions(config)).toEqual([0, 1, 2, 6]);
    expect(consumedPartitions(parseEnv(validatorEnv, { EYE_PARTITIONS: '3' }))).toEqual([0, 1, 2]);
  });

  it('refuse partitions the stream does not have, and what is not a set of partitions', () => {
    expect(() => parseEnv(validatorEnv, { EYE_PARTITIONS: '4', EYE_VALIDATOR_PARTITIONS: '3-5' })).toThrow(/EYE_VALIDATOR_PARTITIONS: partition 4, 5 does not exist: EYE_PARTITIONS=4/);
    expect(() => parseEnv(validatorEnv, { EYE_VALIDATOR_PARTITIONS: 'some' })).toThrow(/EYE_VALIDATOR_PARTITIONS/);
    expect(() => parseEnv(ingestEnv, { EYE_PARTITIONS: '0' })).toThrow(/EYE_PARTITIONS/);
    expect(() => parseEnv(ingestEnv, { EYE_PARTITIONS: '1000' })).toThrow(/EYE_PARTITIONS/);
  });
});

describe('the gateway process model', () => {
  it('spreads calls over every ingest address given', () => {
    expect(parseEnv(gatewayEnv, { EYE_INGEST_ADDR: '127.0.0.1:50051, 127.0.0.1:50061' }).EYE_INGEST_ADDR).toEqual(['127.0.0.1:50051', '127.0.0.1:50061']);
    expect(parseEnv(gatewayEnv, { EYE_INGEST_ADDR: 'ingest:50051' }).EYE_INGEST_ADDR).toEqual(['ingest:50051']);
  });

  it('refuses a list of DNS names, which grpc-js cannot balance over', () => {
    expect(() => parseEnv(gatewayEnv, { EYE_INGEST_ADDR: 'ingest-1:50051,ingest-2:50051' })).toThrow(/EYE_INGEST_ADDR: several addresses must all be IPv4/);
    expect(() => parseEnv(gatewayEnv, { EYE_INGEST_ADDR: ',' })).toThrow(/EYE_INGEST_ADDR/);
  });

  it('runs one worker per core unless told otherwise', () => {
    expect(parseEnv(gatewayEnv, {}).EYE_GATEWAY_WORKERS).toBe(availableParallelism());
    expect(parseEnv(gatewayEnv, { EYE_GATEWAY_WORKERS: '3' }).EYE_GATEWAY_WORKERS).toBe(3);
    expect(() => parseEnv(gatewayEnv, { EYE_GATEWAY_WORKERS: '0' })).toThrow(/EYE_GATEWAY_WORKERS/);
  });
});
