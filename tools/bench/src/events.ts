/** The events the bench sends: valid `cta click` events, so every one is stored as a valid event. */

/** One valid event as an application sends it. */
export function benchEvent(options: { sessionId: string; timestamp: Date; eventId?: string }): Record<string, unknown> {
  return {
    ...(options.eventId === undefined ? {} : { event_id: options.eventId }),
    session_id: options.sessionId,
    category: 'page interaction',
    name: 'cta click',
    data: { host: 'www.example.com', path: '/pricing', element: 'chat bubble' },
    timestamp: options.timestamp.toISOString(),
  };
}

/** A request body of `count` events: one event object, or a batch `{"events": [...]}`. */
export function benchBody(count: number, next: (index: number) => Record<string, unknown>): string {
  if (count === 1) return JSON.stringify(next(0));
  return JSON.stringify({ events: Array.from({ length: count }, (_, index) => next(index)) });
}
