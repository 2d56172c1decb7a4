// An ES module user of the built package (resolved through "exports" -> "import").
import { EyeClient, isEyeRequestError, type FlushSummary, type StoredEvent } from '@the-eye/client';

const client = new EyeClient({ url: 'http://127.0.0.1:8000', token: 'eye_token' });
const id: string = client.track({ sessionId: 's', category: 'page interaction', name: 'pageview', data: { host: 'a.b', path: '/' } });
const summary: FlushSummary = await client.close();
const first: StoredEvent | undefined = (await client.events({ limit: 1 }).page()).items[0];
export const seen = [id, summary.accepted, first?.id, isEyeRequestError(new Error('x'))];
