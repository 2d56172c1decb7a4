import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { WorkloadReport } from './fixtures/export-spans/workload';
import { getTracer, startTelemetry } from './index';

describe('startTelemetry with OTEL_SDK_DISABLED=true', () => {
  const saved = process.env.OTEL_SDK_DISABLED;
  afterAll(() => {
    if (saved === undefined) delete process.env.OTEL_SDK_DISABLED;
    else process.env.OTEL_SDK_DISABLED = saved;
  });

  it('returns the same no-op on every call, whose shutdown resolves', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    const telemetry = startTelemetry({ serviceName: 'eye-test', serviceVersion: '0.0.0' });
    expect(telemetry.enabled).toBe(false);
    expect(startTelemetry({ serviceName: 'eye-test', serviceVersion: '0.0.0' })).toBe(telemetry);
    expect(getTracer('eye-test').startSpan('ignored').isRecording()).toBe(false);
    await expect(telemetry.shutdown()).resolves.toBeUndefined();
  });
});

interface ReceivedRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An OTLP/HTTP collector stand-in: records every request, and answers it unless told to hang. */
async function startReceiver(behaviour: 'answer' | 'hang') {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      if (behaviour === 'answer') response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('startTelemetry in a bundled service process', () => {
  const workspaceRoot = path.resolve(__dirname, '../../..');
  let bundleDir: string;
  let bundle: string;

  beforeAll(() => {
    // Bundled like the apps (esbuild, node_modules external) so the require hooks see real requires.
    bundleDir = mkdtempSync(path.join(tmpdir(), 'eye-telemetry-'));
    bundle = path.join(bundleDir, 'main.js');
    buildSync({
      entryPoints: [path.join(__dirname, 'fixtures/export-spans/main.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  async function runFixture(endpoint: string, shutdownTimeoutMs?: number): Promise<WorkloadReport> {
    // A clean OTEL_* slate so the developer's environment cannot redirect the export.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
    const args = [bundle, endpoint, ...(shutdownTimeoutMs === undefined ? [] : [String(shutdownTimeoutMs)])];
    const child = spawn(process.execPath, args, {
      env: { ...env, NODE_PATH: path.join(workspaceRoot, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`fixture exited with ${code}: ${stderr}`);
    return JSON.parse(stdout) as WorkloadReport;
  }

  it('exports the service spans over OTLP/HTTP protobuf to the given endpoint', async () => {
    const receiver = await startReceiver('answer');
    try {
      const report = await runFixture(receiver.endpoint);

      expect(receiver.requests.length).toBeGreaterThan(0);
      for (const request of receiver.requests) {
        expect(request).toMatchObject({ method: 'POST', url: '/v1/traces' });
        expect(request.headers['content-type']).toBe('application/x-protobuf');
      }
      const body = Buffer.concat(receiver.requests.map((request) => request.body));
      expect(body.includes('eye-fixture')).toBe(true); // service.name
      expect(body.includes('9.9.9')).toBe(true); // service.version
      expect(body.includes('fixture-span')).toBe(true); // the manual span
      expect(body.includes('/work/:id')).toBe(true); // the express route, on http and express spans
      expect(body.includes('/healthz')).toBe(false); // probes are not traced

      expect(report.sameInstance).toBe(true);
      const requestLog = report.logLines.find((line) => line.includes('"working"'));
      expect(requestLog?.match(/"trace_id":"[0-9a-f]{32}"/g)).toHaveLength(1);
    } finally {
      receiver.close();
    }
  }, 20_000);

  it('bounds shutdown by its timeout when the collector never answers', async () => {
    const receiver = await startReceiver('hang');
    try {
      const report = await runFixture(receiver.endpoint, 300);
      expect(receiver.requests.length).toBeGreaterThan(0);
      expect(report.shutdownMs).toBeGreaterThanOrEqual(250);
      expect(report.shutdownMs).toBeLessThan(3_000);
    } finally {
      receiver.close();
    }
  }, 20_000);
});
