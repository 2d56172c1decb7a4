import { execFile } from 'node:child_process';
import { infraBinary } from './repo';

/** What one grpcurl run printed, and how it exited. */
export interface GrpcurlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `.bin/grpcurl` (pinned in tools/go/grpcurl), the reflection client new users reach for:
 * it learns every service and message from the server's reflection, as grpcui and Postman do.
 * `args` follow grpcurl's own, e.g. `['-plaintext', '-d', '{"service":""}', addr, 'grpc.health.v1.Health/Check']`.
 */
export function grpcurl(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<GrpcurlRun> {
  return new Promise((resolve) => {
    execFile(infraBinary('grpcurl'), [...args], { timeout: options.timeoutMs ?? 15_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
