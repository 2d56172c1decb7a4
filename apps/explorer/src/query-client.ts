import { QueryClient } from '@tanstack/react-query';

/**
 * The explorer's cache of reads. The client library already retries what is worth retrying
 * (503, network errors), so queries do not retry again; a view refetches when it is shown again.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}
