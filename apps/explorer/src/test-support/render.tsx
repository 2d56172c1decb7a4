import { QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { FetchLike } from '@the-eye/client';
import { MemoryRouter } from 'react-router';
import { App } from '../app';
import { TOKEN_KEY } from '../api/token';
import { createQueryClient } from '../query-client';

export interface RenderOptions {
  /** The fake gateway's fetch. */
  fetch: FetchLike;
  /** The token already in sessionStorage; `null` for a tab that has not signed in. */
  token?: string | null;
}

/** The whole explorer at `path` (relative to /explorer/), as the browser would show it. */
export function renderExplorer(path: string, { fetch, token = 'eye_test_token' }: RenderOptions): RenderResult {
  if (token !== null) sessionStorage.setItem(TOKEN_KEY, token);
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <App fetch={fetch} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
