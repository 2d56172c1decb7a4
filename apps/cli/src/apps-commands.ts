import type { Application, ApplicationRegistry, CreatedApplication, RateLimit } from '@eye/auth';
import type { Output } from './output';
import { UsageError } from './usage-error';

function describeLimit(limit: RateLimit | null): string {
  return limit ? `limit=${limit.eventsPerSecond}/s burst ${limit.burst}` : 'limit=none';
}

function describe(app: Application): string {
  const state = app.revokedAt ? `revoked ${app.revokedAt.toISOString()}` : 'active';
  return `${app.id}  ${app.name}  scopes=${app.scopes.join(',')}  ${describeLimit(app.rateLimit)}  created ${app.createdAt.toISOString()}  ${state}`;
}

/** `apps create <name> --scopes ingest,query [--json]`: prints the token once. */
export async function createApp(registry: ApplicationRegistry, output: Output, name: string, scopes: string[], json: boolean): Promise<CreatedApplication> {
  const created = await registry.create(name, scopes);
  if (json) {
    output.out(JSON.stringify({ id: created.id, name: created.name, scopes: created.scopes, token: created.token }));
  } else {
    output.out(`created application ${created.name} (${created.id}) with scopes ${created.scopes.join(', ')}`);
    output.out(`token (shown only now; store it safely): ${created.token}`);
  }
  return created;
}

/** `apps list [--json]`: never shows tokens or hashes. */
export async function listApps(registry: ApplicationRegistry, output: Output, json: boolean): Promise<void> {
  const apps = await registry.list();
  if (json) {
    output.out(JSON.stringify(apps));
    return;
  }
  if (apps.length === 0) output.err('no applications yet; create one with: npm run eye -- apps create <name> --scopes ingest,query');
  for (const app of apps) output.out(describe(app));
}

/** `apps revoke <name-or-id> [--json]`: the token stops working within the auth cache time (≤ 10 s). */
export async function revokeApp(registry: ApplicationRegistry, output: Output, nameOrId: string, json: boolean): Promise<void> {
  const app = await registry.revoke(nameOrId);
  output.out(json ? JSON.stringify(app) : `revoked: ${describe(app)}`);
}

/** What `apps limit` was asked: a rate and an optional burst, or no limit. */
export interface LimitOptions {
  eventsPerS?: string;
  burst?: string;
  none?: boolean;
  json?: boolean;
}

/** The limit `apps limit` options ask for (null: none); the burst defaults to one second's worth. */
export function rateLimitFrom(options: LimitOptions): RateLimit | null {
  if (options.none) {
    if (options.eventsPerS !== undefined || options.burst !== undefined) throw new UsageError('--none takes no --events-per-s or --burst');
    return null;
  }
  if (options.eventsPerS === undefined) throw new UsageError('give --events-per-s <n> (and optionally --burst <m>), or --none');
  const eventsPerSecond = Number(options.eventsPerS);
  if (!/^\d+(\.\d+)?$/.test(options.eventsPerS) || eventsPerSecond <= 0) throw new UsageError(`--events-per-s must be a number above 0, not "${options.eventsPerS}"`);
  const burst = options.burst === undefined ? Math.max(1, Math.ceil(eventsPerSecond)) : Number(options.burst);
  if (options.burst !== undefined && !/^\d+$/.test(options.burst)) throw new UsageError(`--burst must be a whole number of events, not "${options.burst}"`);
  return { eventsPerSecond, burst };
}

/** `apps limit <name-or-id> --events-per-s N [--burst M] | --none [--json]`: gateways apply it within EYE_AUTH_CACHE_TTL. */
export async function limitApp(registry: ApplicationRegistry, output: Output, nameOrId: string, options: LimitOptions): Promise<void> {
  const app = await registry.setRateLimit(nameOrId, rateLimitFrom(options));
  output.out(options.json ? JSON.stringify(app) : `${app.rateLimit ? 'limited' : 'no limit'}: ${describe(app)}`);
}
