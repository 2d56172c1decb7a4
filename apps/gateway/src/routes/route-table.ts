/** One public route: its path pattern and the methods it answers (for 405 and `Allow`). */
export interface KnownRoute {
  pattern: RegExp;
  methods: string[];
}

const segment = '[^/]+';

/** Every route of the public contract. */
export const KNOWN_ROUTES: readonly KnownRoute[] = [
  { pattern: /^\/v1\/events$/, methods: ['GET', 'POST'] },
  { pattern: /^\/v1\/events\/batch$/, methods: ['POST'] },
  { pattern: /^\/v1\/events\/validate$/, methods: ['POST'] },
  { pattern: new RegExp(`^/v1/events/${segment}$`), methods: ['GET'] },
  { pattern: new RegExp(`^/v1/sessions/${segment}$`), methods: ['GET'] },
  { pattern: new RegExp(`^/v1/sessions/${segment}/events$`), methods: ['GET'] },
  { pattern: /^\/v1\/errors$/, methods: ['GET'] },
  { pattern: /^\/v1\/stats$/, methods: ['GET'] },
  { pattern: /^\/v1\/event-types$/, methods: ['GET'] },
  { pattern: /^\/v1\/stats\/timeline$/, methods: ['GET'] },
  { pattern: /^\/healthz$/, methods: ['GET'] },
  { pattern: /^\/readyz$/, methods: ['GET'] },
  { pattern: /^\/metrics$/, methods: ['GET'] },
  { pattern: /^\/openapi\.json$/, methods: ['GET'] },
  { pattern: /^\/docs\/?$/, methods: ['GET'] },
  { pattern: /^\/explorer(\/.*)?$/, methods: ['GET'] },
];

/** The methods a path answers, merging routes that share it (`/v1/events/batch` is also `/v1/events/{id}`). */
export function allowedMethods(path: string): string[] {
  const methods = new Set<string>();
  for (const route of KNOWN_ROUTES) {
    if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}
