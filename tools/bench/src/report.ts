import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BatchResult, SingleResult } from './scenarios/accept-path';
import type { E2eResult, SteadyResult } from './scenarios/pipeline';
import type { QuerySizeResult } from './scenarios/query';
import { scaleRows, type ScaleResult } from './scenarios/scale';

/** The shape of `tools/bench/results/latest.json` (issue 7). */
export interface BenchReport {
  git: string;
  date: string;
  mode: 'quick' | 'full';
  machine: { cpus: number; node: string; mongo: string };
  scenarios: {
    single?: SingleResult;
    batch?: BatchResult;
    e2e?: E2eResult;
    steady?: SteadyResult;
    query?: Record<string, QuerySizeResult>;
    scale?: ScaleResult;
  };
}

export function newReport(root: string, quick: boolean, mongo: string): BenchReport {
  let git = 'unknown';
  try {
    git = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the report says so.
  }
  return { git, date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine: { cpus: cpus().length, node: process.version, mongo }, scenarios: {} };
}

const TARGETS = {
  single: 'ratio ≥ 0.5, errors 0',
  batch: 'ratio ≥ 0.7',
  e2e: 'ratio ≥ 0.7, lost = duplicates = 0',
  steady: 'p99 ≤ 10 ms, lag p99 ≤ 1000 ms',
  query: 'ratio ≥ 0.8',
} as const;

/** The report as a markdown table: one row per figure, with its baseline and target. */
export function markdownTable(report: BenchReport): string {
  const { single, batch, e2e, steady, query, scale } = report.scenarios;
  const rows: string[][] = [];
  if (single) rows.push(['single', `${single.rps} req/s, p50 ${single.p50_ms} ms, p99 ${single.p99_ms} ms, errors ${single.errors}`, `${single.baseline_rps} req/s (bare express)`, String(single.ratio), TARGETS.single]);
  if (batch) rows.push(['batch', `${batch.events_per_s} events/s`, `${batch.baseline_events_per_s} events/s (raw JetStream publish)`, String(batch.ratio), TARGETS.batch]);
  if (e2e) {
    rows.push(['e2e', `${e2e.events_per_s} events/s, lag p50 ${e2e.lag_p50_ms} ms, p99 ${e2e.lag_p99_ms} ms, lost ${e2e.lost}, duplicates ${e2e.duplicates}`, `${e2e.baseline_events_per_s} events/s (insertMany)`, String(e2e.ratio), TARGETS.e2e]);
  }
  if (steady) rows.push(['steady', `request p99 ${steady.p99_ms} ms, lag p99 ${steady.lag_p99_ms} ms`, '-', '-', TARGETS.steady]);
  for (const [size, q] of Object.entries(query ?? {})) {
    rows.push([`query ${Number(size).toLocaleString('en')}`, `session p50 ${q.session_p50_ms} / p99 ${q.session_p99_ms} ms; range p50 ${q.range_p50_ms} / p99 ${q.range_p99_ms} ms`, 'driver, same find', String(q.ratio), TARGETS.query]);
  }
  if (scale) rows.push(...scaleRows(scale));
  const header = ['scenario', 'The Eye', 'baseline', 'ratio', 'target'];
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return [`${report.mode} run, ${report.date}, git ${report.git}, ${report.machine.cpus} CPUs, Node ${report.machine.node}, ${report.machine.mongo}`, '', ...lines].join('\n');
}

/** Writes `latest.json` and appends the same object as one line to `history.jsonl`. */
export async function saveReport(root: string, report: BenchReport): Promise<string> {
  const dir = join(root, 'tools', 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const latest = join(dir, 'latest.json');
  await writeFile(latest, `${JSON.stringify(report, null, 2)}\n`);
  await appendFile(join(dir, 'history.jsonl'), `${JSON.stringify(report)}\n`);
  return latest;
}
