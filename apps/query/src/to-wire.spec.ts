import type { EventDocument, InvalidEventDocument, RejectedEventDocument } from '@eye/store';
import { toInvalidEvent, toSessionResponse, toStatsResponse, toStoredEvent } from './to-wire';

describe('to the wire', () => {
  it('shows a stored event with its own id, data as JSON and exact timestamps', () => {
    const event: EventDocument = {
      _id: 'shop/e1',
      application: 'shop',
      event_id: 'e1',
      session_id: 's',
      category: 'page interaction',
      name: 'cta click',
      data: { host: 'www.consumeraffairs.com', path: '/', element: 'chat bubble' },
      ts_us: 1_609_492_527_243_860,
      ts_min: 26_824_875,
      timestamp: new Date(1_609_492_527_243),
      received_at: new Date(1_767_225_600_123),
      received_us: 1_767_225_600_123_000,
      received_min: 29_453_760,
      seq: 3,
      valid: true,
    };
    expect(toStoredEvent(event)).toEqual({
      id: 'e1',
      application: 'shop',
      sessionId: 's',
      category: 'page interaction',
      name: 'cta click',
      dataJson: '{"host":"www.consumeraffairs.com","path":"/","element":"chat bubble"}',
      timestamp: '2021-01-01T09:15:27.243860Z',
      receivedAt: '2026-01-01T00:00:00.123000Z',
    });
    expect(toStoredEvent({ ...event, trace_id: '0af7651916cd43dd8448eb211c80319c' }).traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('shows an invalid event exactly as sent, with its issues', () => {
    const event: InvalidEventDocument = {
      _id: 'shop/bad',
      application: 'shop',
      event_id: 'bad',
      received_at: new Date(0),
      received_us: 5,
      received_min: 0,
      seq: 1,
      valid: false,
      rejected: true,
      issues: [{ path: '', code: 'too_large', message: 'too large' }],
      codes: ['too_large'],
      raw_json: '{"a": 1}',
    };
    expect(toInvalidEvent(event)).toEqual({
      id: 'bad',
      application: 'shop',
      receivedAt: '1970-01-01T00:00:00.000005Z',
      sessionId: undefined,
      category: undefined,
      name: undefined,
      issues: [{ path: '', code: 'too_large', message: 'too large' }],
      rawJson: '{"a": 1}',
    });
    expect(toInvalidEvent({ ...event, trace_id: '0af7651916cd43dd8448eb211c80319c' }).traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('says when a replay resolved an invalid event', () => {
    const event: RejectedEventDocument = {
      _id: 'shop/late',
      application: 'shop',
      event_id: 'late',
      received_at: new Date(0),
      received_us: 5,
      received_min: 0,
      seq: 1,
      valid: true,
      session_id: 's',
      category: 'video',
      name: 'play',
      data: {},
      ts_us: 5,
      ts_min: 0,
      timestamp: new Date(0),
      rejected: true,
      issues: [{ path: '', code: 'unknown_event_type', message: 'unknown' }],
      codes: ['unknown_event_type'],
      raw_json: '{}',
      resolved_at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
    };
    expect(toInvalidEvent(event).resolvedAt).toBe('2026-01-02T03:04:05.678000Z');
  });

  it('shows a session over event timestamps, lists sorted', () => {
    expect(
      toSessionResponse({ session_id: 's', first_us: 1, last_us: 2_000_001, event_count: 2, categories: ['b', 'a'], applications: ['shop'] }),
    ).toEqual({
      sessionId: 's',
      firstSeen: '1970-01-01T00:00:00.000001Z',
      lastSeen: '1970-01-01T00:00:02.000001Z',
      eventCount: 2,
      categories: ['a', 'b'],
      applications: ['shop'],
    });
  });

  it('shows stats with their window', () => {
    expect(toStatsResponse({ fromMicros: 0, toMicros: 1_000_000 }, { valid: 1, invalid: 2, byType: [{ category: 'c', name: 'n', valid: 1, invalid: 2 }] })).toEqual({
      from: '1970-01-01T00:00:00.000000Z',
      to: '1970-01-01T00:00:01.000000Z',
      valid: 1,
      invalid: 2,
      byType: [{ category: 'c', name: 'n', valid: 1, invalid: 2 }],
    });
  });
});
