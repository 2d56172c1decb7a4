// A CommonJS user of the built package (resolved through "exports" -> "require").
import { EyeClient, EyeRequestError, type SessionSummary } from '@the-eye/client';

const client = new EyeClient({ url: 'http://127.0.0.1:8000', token: 'eye_token', batchSize: 10 });
const error = new EyeRequestError({ status: 401, code: 'unauthenticated', message: 'no' });
export async function check(): Promise<[string, SessionSummary | undefined]> {
  return [error.code, await client.session('s')];
}
