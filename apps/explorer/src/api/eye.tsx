import { EyeClient } from '@the-eye/client';
import { createContext, useContext, useMemo, type ReactNode } from 'react';

/** What every view reads through: the client for this tab's token, and how to sign out. */
export interface Eye {
  client: EyeClient;
  token: string;
  signOut(): void;
}

const EyeContext = createContext<Eye | null>(null);

/**
 * The client the explorer reads with: the gateway is this page's own origin. Reads are retried
 * briefly on 503 and network errors (the library's policy), then the view shows the error.
 */
export function explorerClient(token: string, origin = window.location.origin): EyeClient {
  return new EyeClient({ url: origin, token, maxRetries: 2, retryBaseMs: 250, retryMaxMs: 2_000, requestTimeoutMs: 20_000 });
}

export interface EyeProviderProps {
  client: EyeClient;
  token: string;
  onSignOut(): void;
  children: ReactNode;
}

export function EyeProvider({ client, token, onSignOut, children }: EyeProviderProps): ReactNode {
  const eye = useMemo<Eye>(() => ({ client, token, signOut: onSignOut }), [client, token, onSignOut]);
  return <EyeContext.Provider value={eye}>{children}</EyeContext.Provider>;
}

/** The signed-in client; only inside {@link EyeProvider}. */
export function useEye(): Eye {
  const eye = useContext(EyeContext);
  if (!eye) throw new Error('useEye() outside <EyeProvider>');
  return eye;
}
