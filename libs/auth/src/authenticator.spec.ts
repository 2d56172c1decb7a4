import { Authenticator, type Principal } from './authenticator';
import { generateToken } from './tokens';

const principal = (application: string, scopes: Principal['scopes'] = ['ingest']): Principal => ({ applicationId: `id-${application}`, application, scopes, rateLimit: null });

/** An authenticator over an in-memory table of tokens, counting lookups; each lookup waits for `gate`. */
function authenticatorOver(table: Map<string, Principal>, options: { gate?: Promise<void>; maxConcurrentLookups?: number; maxWaitingLookups?: number; maxCachedTokens?: number } = {}) {
  const seen = { lookups: 0, running: 0, maxRunning: 0 };
  const auth = new Authenticator(
    async (token) => {
      seen.lookups += 1;
      seen.running += 1;
      seen.maxRunning = Math.max(seen.maxRunning, seen.running);
      await options.gate;
      seen.running -= 1;
      return table.get(token) ?? null;
    },
    { cacheTtlMs: 5_000, maxCachedTokens: options.maxCachedTokens, maxConcurrentLookups: options.maxConcurrentLookups, maxWaitingLookups: options.maxWaitingLookups },
  );
  return { auth, seen };
}

describe('Authenticator', () => {
  it('answers a known token with its principal, checks the scope, and looks each token up once', async () => {
    const token = generateToken();
    const { auth, seen } = authenticatorOver(new Map([[token, principal('shop')]]));
    await expect(auth.authenticate(`Bearer ${token}`, 'ingest')).resolves.toMatchObject({ application: 'shop' });
    await expect(auth.authenticate(`Bearer ${token}`, 'query')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ application: 'shop' });
    expect(seen.lookups).toBe(1);
  });

  it('refuses tokens it cannot have issued without a lookup', async () => {
    const { auth, seen } = authenticatorOver(new Map());
    for (const header of [undefined, 'Basic abc', 'Bearer eye_abcdefghijklmnopqrstuvwxyz', `Bearer ${generateToken().slice(0, -1)}x`]) {
      await expect(auth.authenticate(header, 'ingest')).rejects.toMatchObject({ code: 'unauthenticated' });
    }
    expect(seen.lookups).toBe(0);
  });

  it('shares one lookup among concurrent requests of one token, and remembers an unknown token', async () => {
    let open!: () => void;
    const { auth, seen } = authenticatorOver(new Map(), { gate: new Promise((resolve) => (open = resolve)) });
    const token = generateToken();
    const answers = Array.from({ length: 50 }, () => auth.authenticate(`Bearer ${token}`, 'ingest').catch((error: { code: string }) => error.code));
    open();
    expect(new Set(await Promise.all(answers))).toEqual(new Set(['unauthenticated']));
    await expect(auth.authenticate(`Bearer ${token}`, 'ingest')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(seen.lookups).toBe(1);
  });

  it('keeps known tokens cached however many unknown tokens churn through', async () => {
    const token = generateToken();
    const { auth, seen } = authenticatorOver(new Map([[token, principal('shop')]]), { maxCachedTokens: 100 });
    await auth.authenticate(`Bearer ${token}`, 'ingest');
    for (let i = 0; i < 1_000; i++) await auth.authenticate(`Bearer ${generateToken()}`).catch(() => undefined);
    const before = seen.lookups;
    await expect(auth.authenticate(`Bearer ${token}`, 'ingest')).resolves.toMatchObject({ application: 'shop' });
    expect(seen.lookups).toBe(before);
  });

  it('runs at most maxConcurrentLookups lookups at once and refuses past the waiting limit', async () => {
    let open!: () => void;
    const { auth, seen } = authenticatorOver(new Map(), { gate: new Promise((resolve) => (open = resolve)), maxConcurrentLookups: 2, maxWaitingLookups: 3 });
    const answers = Array.from({ length: 8 }, () => auth.authenticate(`Bearer ${generateToken()}`).catch((error: { code: string }) => error.code));
    await new Promise((resolve) => setImmediate(resolve));
    open();
    const codes = await Promise.all(answers);
    expect(codes.filter((code) => code === 'unauthenticated')).toHaveLength(5);
    expect(codes.filter((code) => code === 'unavailable')).toHaveLength(3);
    expect(seen.maxRunning).toBe(2);
  });

  it('does not cache a failed lookup', async () => {
    const token = generateToken();
    let fail = true;
    const auth = new Authenticator(
      async () => {
        if (fail) throw Object.assign(new Error('store down'), { code: 'unavailable' });
        return principal('shop');
      },
      { cacheTtlMs: 5_000 },
    );
    await expect(auth.authenticate(`Bearer ${token}`)).rejects.toThrow('store down');
    fail = false;
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ application: 'shop' });
  });
});
