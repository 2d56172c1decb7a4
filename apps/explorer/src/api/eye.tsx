import { EyeClient, type FetchLike } from '@the-eye/client';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { getJson, type GetJson } from './gateway-json';

/** What every view reads through: the client for this tab's token, the explorer's own routes, and how to sign out. */
export interface Eye {
  client: EyeClient;
  token: string;
  /** GET of the explorer's own gateway routes (not the public API), with the token. */
  getJson: GetJson;
  signOut(): void;
}

const EyeContext = createContext<Eye | null>(null);

/** The browser's fetch, called as a plain function (a method call on another object would be refused). */
export const browserFetch: FetchLike = (url, init) => globalThis.fetch(url, init);

/**
 * The client the explorer reads with: the gateway is this page's own origin. Reads are retried
 * briefly on 503 and network errors (the library's policy), then the view shows the error.
 */
export function explorerClient(token: string, fetch: FetchLike = browserFetch): EyeClient {
  return new EyeClient({ url: window.location.origin, token, fetch, maxRetries: 2, retryBaseMs: 250, retryMaxMs: 2_000, requestTimeoutMs: 20_000 });
}

export interface EyeProviderProps {
  token: string;
  fetch: FetchLike;
  onSignOut(): void;
  children: ReactNode;
}

export function EyeProvider({ token, fetch, onSignOut, children }: EyeProviderProps): ReactNode {
  const eye = useMemo<Eye>(
    () => ({ client: explorerClient(token, fetch), token, getJson: <T,>(path: string) => getJson<T>(fetch, path, token), signOut: onSignOut }),
    [token, fetch, onSignOut],
  );
  return <EyeContext.Provider value={eye}>{children}</EyeContext.Provider>;
}

/** The signed-in client; only inside {@link EyeProvider}. */
export function useEye(): Eye {
  const eye = useContext(EyeContext);
  if (!eye) throw new Error('useEye() outside <EyeProvider>');
  return eye;
}
