import { useQuery } from '@tanstack/react-query';
import { useEye } from './eye';

/** What the gateway tells the explorer about its surroundings. */
export interface ExplorerConfig {
  /** Jaeger's UI; a trace is at `<this>/trace/<trace id>`. */
  jaegerUiUrl: string;
}

/** Jaeger's default address, used until (or unless) the gateway says otherwise. */
export const DEFAULT_CONFIG: ExplorerConfig = { jaegerUiUrl: 'http://127.0.0.1:16686' };

/** `GET /explorer/config.json`, read once per page load. */
export function useExplorerConfig(): ExplorerConfig {
  const { getJson } = useEye();
  const { data } = useQuery({
    queryKey: ['explorer-config'],
    queryFn: async () => ({ jaegerUiUrl: (await getJson<{ jaeger_ui_url: string }>('/explorer/config.json')).jaeger_ui_url }),
    staleTime: Infinity,
    retry: false,
  });
  return data ?? DEFAULT_CONFIG;
}
