import type { InvalidEvent, StoredEvent } from '@the-eye/client';

/** A stored event like the gateway returns, with `overrides`. */
export function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: 'e-1',
    application: 'shop',
    session_id: 's-1',
    category: 'page interaction',
    name: 'pageview',
    data: { host: 'www.example.com', path: '/' },
    timestamp: '2026-01-01T09:15:27.243860Z',
    received_at: '2026-01-01T09:15:27.300000Z',
    ...overrides,
  };
}

/** An invalid event like the gateway returns: `data.host` sent as a number. */
export function invalidEvent(overrides: Partial<InvalidEvent> = {}): InvalidEvent {
  return {
    id: 'bad-1',
    application: 'shop',
    received_at: '2026-01-01T09:16:00.000000Z',
    session_id: 's-1',
    category: 'page interaction',
    name: 'pageview',
    issues: [{ path: 'data.host', code: 'invalid_type', message: 'Expected string, received number' }],
    raw: { session_id: 's-1', category: 'page interaction', name: 'pageview', data: { host: 42, path: '/' }, timestamp: '2026-01-01 09:16:00' },
    ...overrides,
  };
}

export const page = <T>(items: T[], nextCursor: string | null = null) => ({ status: 200, body: { events: items, next_cursor: nextCursor } });
export const errorPage = (items: InvalidEvent[], nextCursor: string | null = null) => ({ status: 200, body: { errors: items, next_cursor: nextCursor } });
