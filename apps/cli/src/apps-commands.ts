import type { Application, ApplicationRegistry, CreatedApplication } from '@eye/auth';
import type { Output } from './output';

function describe(app: Application): string {
  const state = app.revokedAt ? `revoked ${app.revokedAt.toISOString()}` : 'active';
  return `${app.id}  ${app.name}  scopes=${app.scopes.join(',')}  created ${app.createdAt.toISOString()}  ${state}`;
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
