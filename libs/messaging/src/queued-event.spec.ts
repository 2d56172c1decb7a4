import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { COMPRESS_RAW_OVER_BYTES, decodeQueuedEvent, encodeQueuedEvent, messageIdFor, type QueuedEvent } from './queued-event';

const queued = (raw: string, overrides: Partial<QueuedEvent> = {}): QueuedEvent => ({
  application: 'shop',
  eventId: '0190a2b4-7c2e-7d4f-8a1b-2c3d4e5f6a7b',
  receivedMicros: 1_714_557_600_123_000,
  raw,
  ...overrides,
});

describe('queued event payloads', () => {
  it('round-trip any event, raw text included exactly', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 128, unit: 'grapheme' }),
        fc.string({ unit: 'grapheme', maxLength: 2000 }),
        fc.nat(),
        (application, eventId, raw, receivedMicros) => {
          const event = { application, eventId, receivedMicros, raw };
          expect(decodeQueuedEvent(encodeQueuedEvent(event))).toEqual(event);
        },
      ),
    );
  });

  it('carry the raw event unescaped, so characters JSON escapes do not grow the message', () => {
    const raw = JSON.stringify({ text: '"\\'.repeat(10_000) });
    const payload = encodeQueuedEvent(queued(raw));
    expect(payload.length).toBeLessThan(Buffer.byteLength(raw) + 200);
    expect(decodeQueuedEvent(payload)?.raw).toBe(raw);
  });

  it('compress events over the size where they are invalid anyway, and only those', () => {
    const small = 'x'.repeat(COMPRESS_RAW_OVER_BYTES - 20);
    expect(encodeQueuedEvent(queued(`{"a":"${small}"}`)).length).toBeGreaterThan(COMPRESS_RAW_OVER_BYTES);
    const big = JSON.stringify({ data: { text: 'repetitive '.repeat(90_000) } });
    const payload = encodeQueuedEvent(queued(big));
    expect(payload.length).toBeLessThan(big.length / 10);
    expect(decodeQueuedEvent(payload)?.raw).toBe(big);
    // Incompressible text still fits the 1 MiB NATS default when the event is about 1 MiB.
    const noise = JSON.stringify({ blob: randomBytes(760 * 1024).toString('base64') });
    expect(Buffer.byteLength(noise)).toBeGreaterThan(1000 * 1024);
    const noisy = encodeQueuedEvent(queued(noise));
    expect(noisy.length).toBeLessThan(1024 * 1024);
    expect(decodeQueuedEvent(noisy)?.raw).toBe(noise);
  });

  it('still decode the v1 format (one JSON object) that earlier ingest versions queued', () => {
    const v1 = Buffer.from(JSON.stringify({ v: 1, application: 'shop', event_id: 'e-1', received_us: 42, raw: '{"a":\n1}' }));
    expect(decodeQueuedEvent(v1)).toEqual({ application: 'shop', eventId: 'e-1', receivedMicros: 42, raw: '{"a":\n1}' });
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'hello'],
    ['JSON of another shape', '{"v":1,"application":"a"}'],
    ['an unknown version', '{"v":3,"application":"a","event_id":"e","received_us":1}\n{}'],
    ['an unknown encoding', '{"v":2,"application":"a","event_id":"e","received_us":1,"encoding":"zstd"}\n{}'],
    ['a broken compressed body', '{"v":2,"application":"a","event_id":"e","received_us":1,"encoding":"deflate-raw"}\nnot deflate'],
  ])('are undefined for %s', (_what, text) => {
    expect(decodeQueuedEvent(Buffer.from(text))).toBeUndefined();
  });

  it('are identified per application: the JetStream message id', () => {
    expect(messageIdFor({ application: 'shop', eventId: 'e-1' })).toBe('shop/e-1');
    expect(messageIdFor({ application: 'blog', eventId: 'e-1' })).not.toBe(messageIdFor({ application: 'shop', eventId: 'e-1' }));
  });
});
