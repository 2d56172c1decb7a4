import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BatchResult, SingleResult } from './scenarios/accept-path';
import type { SteadyResult, SustainResult } from './scenarios/load-over-store';
import type { E2eResult } from './scenarios/pipeline';
import { FIRST_SCREEN_TARGET_MS, type ExplorerResult } from './scenarios/explorer';
import type { QuerySizeResult, SessionSummaryResult } from './scenarios/query';
import { scaleRows, type ScaleResult } from './scenarios/scale';

/** The shape of `tools/bench/results/latest.json` (issues 7 and 12). */
export interface BenchReport {
  git: string;
  date: string;
  mode: 'quick' | 'full';
  /** The engine and backend measured, e.g. `FerretDB 1.24.2 on PostgreSQL 15.20`. */
  database: string;
  machine: { cpus: number; node: string; mongo: string };
  scenarios: {
    single?: SingleResult;
    batch?: BatchResult;
    e2e?: E2eResult;
    steady?: SteadyResult;
    sustain?: SustainResult;
    query?: Record<string, QuerySizeResult>;
    session_summary?: SessionSummaryResult;
    explorer?: ExplorerResult;
    scale?: ScaleResult;
  };
}

export function newReport(root: string, quick: boolean, mongo: string, database: string): BenchReport {
  let git = 'unknown';
  try {
    git = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the report says so.
  }
  return { git, date: new Date().toISOString(), mode: quick ? 'quick' : 'full', database, machine: { cpus: cpus().length, node: process.version, mongo }, scenarios: {} };
}

const TARGETS = {
  single: 'ratio ≥ 0.5, errors 0',
  batch: 'ratio ≥ 0.7',
  e2e: 'ratio ≥ 0.7, lost = duplicates = 0',
  steady: 'request p99 ≤ 15 ms, lag p99 ≤ 1000 ms',
  sustain: '≥ 1,000 events/s with lag p99 ≤ 2 s',
  query: 'ratio ≥ 0.8; session p50 ≤ 150 ms at 100,000',
} as const;

/** The report as a markdown table: one row per figure, with its baseline and target. */
export function markdownTable(report: BenchReport): string {
  const { single, batch, e2e, steady, sustain, query, session_summary: summary, explorer, scale } = report.scenarios;
  const rows: string[][] = [];
  if (single) rows.push(['single', `${single.rps} req/s, p50 ${single.p50_ms} ms, p99 ${single.p99_ms} ms, errors ${single.errors}`, `${single.baseline_rps} req/s (bare express)`, String(single.ratio), TARGETS.single]);
  if (batch) rows.push(['batch', `${batch.events_per_s} events/s`, `${batch.baseline_events_per_s} events/s (raw JetStream publish)`, String(batch.ratio), TARGETS.batch]);
  if (e2e) {
    rows.push(['e2e', `${e2e.events_per_s} events/s, lag p50 ${e2e.lag_p50_ms} ms, p99 ${e2e.lag_p99_ms} ms, lost ${e2e.lost}, duplicates ${e2e.duplicates}`, `${e2e.baseline_events_per_s} events/s (insertMany)`, String(e2e.ratio), TARGETS.e2e]);
  }
  if (steady) rows.push(['steady', `request ${steady.p50_ms === undefined ? '' : `p50 ${steady.p50_ms} ms, `}p99 ${steady.p99_ms} ms, lag p99 ${steady.lag_p99_ms} ms (store: ${steady.store_events.toLocaleString('en')} events)`, '-', '-', TARGETS.steady]);
  if (sustain) {
    const steps = sustain.steps.map((s) => `${s.target_events_per_s}: lag p99 ${s.lag_p99_ms} ms`).join('; ');
    rows.push(['sustain', `${sustain.events_per_s} events/s held ${sustain.seconds_per_step} s (${steps}; store from ${(sustain.steps[0]?.store_events ?? 0).toLocaleString('en')} events)`, '-', '-', TARGETS.sustain]);
  }
  for (const [size, q] of Object.entries(query ?? {})) {
    rows.push([`query ${Number(size).toLocaleString('en')}`, `session p50 ${q.session_p50_ms} / p99 ${q.session_p99_ms} ms; range p50 ${q.range_p50_ms} / p99 ${q.range_p99_ms} ms`, 'driver, same find', String(q.ratio), TARGETS.query]);
  }
  for (const [size, views] of Object.entries(explorer ?? {})) {
    const cells = Object.entries(views).map(([view, timing]) => `${view} ${timing.p50_ms} ms${timing.errors ? ` (${timing.errors} errors)` : ''}`);
    rows.push([`explorer ${Number(size).toLocaleString('en')}`, `first screens: ${cells.join(', ')}`, '-', '-', `each ≤ ${FIRST_SCREEN_TARGET_MS} ms`]);
  }
  if (summary) rows.push(['session summary', `${summary.ms} ms for a session of ${summary.events.toLocaleString('en')} events (store: ${summary.store_events.toLocaleString('en')}), errors ${summary.errors}`, '-', '-', 'within the 10 s read limit']);
  if (scale) rows.push(...scaleRows(scale));
  const header = ['scenario', 'The Eye', 'baseline', 'ratio', 'target'];
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return [`${report.mode} run, ${report.date}, git ${report.git}, ${report.machine.cpus} CPUs, Node ${report.machine.node}, ${report.database}`, '', ...lines].join('\n');
}

/**
 * Writes `latest.json` (on the default database) or `latest-<database>.json` (on one chosen with
 * EYE_FERRETDB_BACKEND), and appends the same object as one line to `history.jsonl`.
 */
export async function saveReport(root: string, report: BenchReport, defaultDatabase: boolean): Promise<string> {
  const dir = join(root, 'tools', 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const slug = report.database.toLowerCase().replace(/ [\d.]+/g, '').replace(/[^a-z]+/g, '-');
  const latest = join(dir, defaultDatabase ? 'latest.json' : `latest-${slug}.json`);
  await writeFile(latest, `${JSON.stringify(report, null, 2)}\n`);
  await appendFile(join(dir, 'history.jsonl'), `${JSON.stringify(report)}\n`);
  return latest;
}
