import { useQueryClient } from '@tanstack/react-query';
import type { FetchLike } from '@the-eye/client';
import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { browserFetch, explorerClient, EyeProvider } from './api/eye';
import { clearToken, readToken, saveToken } from './api/token';
import { Layout } from './components/layout';
import { SignIn } from './components/sign-in';
import { Loading } from './components/states';
import { ErrorsView } from './views/errors-view';
import { EventDetailView } from './views/event-detail-view';
import { EventsView } from './views/events-view';
import { LiveView } from './views/live-view';
import { NotFoundView } from './views/not-found-view';
import { SessionView } from './views/session-view';
import { TypesView } from './views/types-view';

// The charts library is half of the bundle: it loads once the first view is shown, not before.
const loadStats = () => import('./views/stats-view');
const StatsView = lazy(() => loadStats().then((module) => ({ default: module.StatsView })));

/** Every view's address under /explorer/. */
export function ExplorerRoutes(): ReactNode {
  return (
    <Routes>
      <Route path="/" element={<LiveView />} />
      <Route path="/events" element={<EventsView />} />
      <Route path="/events/:id" element={<EventDetailView />} />
      <Route path="/sessions/:sessionId" element={<SessionView />} />
      <Route path="/errors" element={<ErrorsView />} />
      <Route
        path="/stats"
        element={
          <Suspense fallback={<Loading label="Loading the stats view…" rows={10} />}>
            <StatsView />
          </Suspense>
        }
      />
      <Route path="/types" element={<TypesView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}

/**
 * The explorer: sign-in until this tab has a token (sessionStorage `eye.token`), then the views.
 * A view opened with the token already set shows its data without asking; sign-out forgets the
 * token and everything read with it.
 */
export function App({ fetch = browserFetch }: { fetch?: FetchLike } = {}): ReactNode {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(readToken);
  const signIn = useCallback((next: string) => {
    saveToken(next);
    setToken(next);
  }, []);
  const signOut = useCallback(() => {
    clearToken();
    queryClient.clear();
    setToken(null);
  }, [queryClient]);

  if (!token) return <SignIn clientFor={(candidate) => explorerClient(candidate, fetch)} onSignedIn={signIn} />;
  return (
    <EyeProvider token={token} fetch={fetch} onSignOut={signOut}>
      <Layout onShown={loadStats}>
        <ExplorerRoutes />
      </Layout>
    </EyeProvider>
  );
}
