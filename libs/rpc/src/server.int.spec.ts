import { credentials, loadPackageDefinition, Metadata, type Client } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkHealth, createGrpcServer } from './index';

/** Lists services through server reflection (v1), as grpcurl does. */
async function reflectedServices(address: string): Promise<string[]> {
  const reflectionRoot = path.dirname(createRequire(__filename).resolve('@grpc/reflection/package.json'));
  const definition = protoLoader.loadSync(path.join(reflectionRoot, 'build/proto/grpc/reflection/v1/reflection.proto'), { keepCase: true });
  const grpcPackage = loadPackageDefinition(definition) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client } } };
  };
  const client = new grpcPackage.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure());
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const call = (client as unknown as { ServerReflectionInfo(metadata: Metadata): NodeJS.ReadWriteStream }).ServerReflectionInfo(new Metadata());
      call.on('data', (response: { list_services_response?: { service: { name: string }[] } }) => {
        resolve((response.list_services_response?.service ?? []).map((service) => service.name));
        call.end();
      });
      call.on('error', reject);
      call.write({ list_services: '*' } as never);
    });
  } finally {
    client.close();
  }
}

describe('createGrpcServer', () => {
  it('serves health that follows readiness, and reflection of its services and Health', async () => {
    const grpc = createGrpcServer({ services: ['eye.v1.QueryService'], protoFiles: ['eye/v1/query.proto'] });
    const port = await grpc.listen('127.0.0.1:0');
    const address = `127.0.0.1:${port}`;
    try {
      expect(await checkHealth(address, 2_000)).toBe(false);
      let ready = true;
      await grpc.trackReadiness(async () => ready, 50);
      expect(await checkHealth(address, 2_000)).toBe(true);
      ready = false;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await checkHealth(address, 2_000)).toBe(false);

      const services = await reflectedServices(address);
      expect(services).toEqual(expect.arrayContaining(['eye.v1.QueryService', 'grpc.health.v1.Health']));
    } finally {
      await grpc.shutdown(1_000);
    }
  });
});
