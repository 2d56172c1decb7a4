/** The explorer's addresses (relative to /explorer/), as the contract fixes them. */

/** `/events/<id>`, naming the application: ids are unique per application only. */
export function eventHref(event: { id: string; application: string }): string {
  return `/events/${encodeURIComponent(event.id)}?${new URLSearchParams({ application: event.application })}`;
}

export function sessionHref(sessionId: string): string {
  return `/sessions/${encodeURIComponent(sessionId)}`;
}

/** The errors view with this invalid event opened. */
export function errorHref(error: { id: string; application: string }): string {
  return `/errors?${new URLSearchParams({ application: error.application, open: error.id })}`;
}

/** The search view with these filters. */
export function eventsHref(filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `/events?${query}` : '/events';
}
