/** Paths the ops server answers; kept out of traces because probes and scrapes are noise. */
export const OPS_PATHS = ['/metrics', '/healthz', '/readyz'] as const;

/** One of {@link OPS_PATHS}. */
export type OpsPath = (typeof OPS_PATHS)[number];

/** The ops path a request target (path plus optional query) names, if any. */
export function opsPathOf(target: string | undefined): OpsPath | undefined {
  if (target === undefined) return undefined;
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  return OPS_PATHS.find((opsPath) => opsPath === path);
}
