import { encodeQueuedEvent, type QueuedEvent } from '@eye/messaging';
import type { EventDocument, InvalidEventDocument } from '@eye/store';
import { ISSUE_CODES } from '@eye/validators';
import { INVALID_CASES, RECEIVED_AT_MICROS, VALID_CASES, pageview } from './test-support/event-cases';
import { UNKNOWN_APPLICATION, toPendingEvent, type ReceivedMessage } from './to-documents';

const SKEW_MS = 60_000;

function message(seq: number, raw: string, eventId = `e-${seq}`, application = 'shop'): ReceivedMessage {
  const event: QueuedEvent = { application, eventId, receivedMicros: RECEIVED_AT_MICROS, raw };
  return { seq, event, payloadText: Buffer.from(encodeQueuedEvent(event)).toString('utf8') };
}

function valid(received: ReceivedMessage): EventDocument {
  const { document } = toPendingEvent(received, SKEW_MS);
  if (!document.valid) throw new Error(`expected a valid event, got ${JSON.stringify(document.issues)}`);
  return document;
}

function invalid(received: ReceivedMessage): InvalidEventDocument {
  const { document } = toPendingEvent(received, SKEW_MS);
  if (document.valid) throw new Error('expected an invalid event');
  return document;
}

describe('toPendingEvent', () => {
  it('the case table covers every issue code validation assigns and the three built-in types', () => {
    const codes = new Set(INVALID_CASES.flatMap((c) => c.issues.map(([, code]) => code)));
    expect([...codes].sort()).toEqual(ISSUE_CODES.filter((code) => code !== 'unstorable').sort());
    const types = new Set(VALID_CASES.map((c) => `${c.expected.category}/${c.expected.name}`));
    expect([...types].sort()).toEqual(['form interaction/submit', 'page interaction/cta click', 'page interaction/pageview']);
  });

  it.each(VALID_CASES.map((c) => [c.title, c] as const))('stores a valid event: %s', (_title, c) => {
    const pending = toPendingEvent(message(17, c.raw), SKEW_MS);
    expect(pending).toEqual({
      document: {
        _id: 'shop/e-17',
        application: 'shop',
        event_id: 'e-17',
        received_at: new Date(RECEIVED_AT_MICROS / 1000),
        received_us: RECEIVED_AT_MICROS,
        seq: 17,
        valid: true,
        ...c.expected,
        timestamp: new Date(Math.floor(c.expected.ts_us / 1000)),
      },
      rawJson: c.raw,
    });
  });

  it.each(INVALID_CASES.map((c) => [c.title, c] as const))('records an invalid event: %s', (_title, c) => {
    const document = invalid(message(3, c.raw));
    expect(document).toMatchObject({
      _id: 'shop/e-3',
      application: 'shop',
      event_id: 'e-3',
      received_at: new Date(RECEIVED_AT_MICROS / 1000),
      received_us: RECEIVED_AT_MICROS,
      seq: 3,
      valid: false,
      rejected: true,
      raw_json: c.raw,
    });
    expect(document.issues.map((issue) => [issue.path, issue.code])).toEqual(c.issues);
    for (const issue of document.issues) expect(issue.message).toEqual(expect.any(String));
    expect(document.codes).toEqual([...new Set(c.issues.map(([, code]) => code))]);
    expect({ session_id: document.session_id, category: document.category, name: document.name }).toEqual({
      session_id: c.known.session_id,
      category: c.known.category,
      name: c.known.name,
    });
  });

  it('keeps the microseconds of the challenge timestamp exactly, beyond what a Date holds', () => {
    const document = valid(message(1, JSON.stringify(pageview)));
    expect(document.ts_us % 1_000_000).toBe(243_860);
    expect(document.timestamp.toISOString()).toBe('2021-01-01T09:15:27.243Z');
  });

  it('keeps the trace id of the request that carried the event, valid or not', () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(valid({ ...message(2, JSON.stringify(pageview)), traceId }).trace_id).toBe(traceId);
    expect(invalid({ ...message(3, INVALID_CASES[0].raw), traceId }).trace_id).toBe(traceId);
    expect(valid(message(4, JSON.stringify(pageview)))).not.toHaveProperty('trace_id');
  });

  it('records a message that is not a queued event as invalid_format, keeping its text', () => {
    const before = Date.now();
    const document = invalid({ seq: 99, event: undefined, payloadText: 'not json at all' });
    expect(document).toMatchObject({
      _id: `${UNKNOWN_APPLICATION}/seq-99`,
      application: UNKNOWN_APPLICATION,
      event_id: 'seq-99',
      seq: 99,
      issues: [{ path: '', code: 'invalid_format', message: expect.any(String) }],
      codes: ['invalid_format'],
    });
    expect(JSON.parse(document.raw_json)).toBe('not json at all');
    expect(document.received_at.getTime()).toBeGreaterThanOrEqual(before);
  });
});
