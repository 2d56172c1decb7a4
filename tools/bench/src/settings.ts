/** How long and how hard each scenario runs: `--quick` (a few minutes) or the full run. */
export interface BenchSettings {
  quick: boolean;
  /** Duration of the `single` and `batch` load runs. */
  loadSeconds: number;
  /** Keep-alive connections for `single` (enough to saturate the gateway). */
  connections: number;
  /** Events the JetStream baseline publishes. */
  baselinePublishEvents: number;
  /** `e2e`: seconds at the sustained rate (lag), then burst requests of 100 events sent at full speed (throughput). */
  sustainedSeconds: number;
  sustainedEventsPerSecond: number;
  burstRequests: number;
  /** `steady`: the challenge's 100 events/s for this long. */
  steadySeconds: number;
  /** Events stored before `steady` and `sustain` begin (a real store is never empty). */
  preloadEvents: number;
  /** `sustain`: the rates tried, in order, each held this long; it stops at the first that fails. */
  sustainRates: number[];
  sustainSeconds: number;
  /** `query`: stored-event counts measured, and samples per query and size (FerretDB scans the whole collection per query: few). */
  querySizes: number[];
  querySamples: number;
  /** `explorer`: stored-event counts at which each view's first screen is timed, and samples per view. */
  explorerSizes: number[];
  explorerSamples: number;
}

export function benchSettings(quick: boolean): BenchSettings {
  return quick
    ? {
        quick,
        loadSeconds: 5,
        connections: 64,
        baselinePublishEvents: 50_000,
        sustainedSeconds: 3,
        sustainedEventsPerSecond: 100,
        burstRequests: 100,
        steadySeconds: 10,
        preloadEvents: 20_000,
        sustainRates: [500, 1_000, 2_000],
        sustainSeconds: 10,
        querySizes: [10_000, 100_000],
        querySamples: 1,
        explorerSizes: [100_000],
        explorerSamples: 1,
      }
    : {
        quick,
        loadSeconds: 20,
        connections: 64,
        baselinePublishEvents: 300_000,
        sustainedSeconds: 30,
        sustainedEventsPerSecond: 100,
        burstRequests: 400,
        steadySeconds: 60,
        preloadEvents: 100_000,
        sustainRates: [500, 1_000, 1_500, 2_000, 3_000, 4_000, 5_000],
        sustainSeconds: 60,
        querySizes: [10_000, 100_000, 1_000_000],
        querySamples: 3,
        explorerSizes: [100_000, 1_000_000],
        explorerSamples: 3,
      };
}
