/**
 * `npm run bench [-- --quick] [-- --only single,e2e]`: starts its own nats-server, database and
 * services, runs the scenarios each against a baseline measured in the same run (where there is
 * one), prints a markdown table and writes tools/bench/results/latest.json (+ history.jsonl);
 * a run on a database chosen with EYE_FERRETDB_BACKEND writes latest-<database>.json instead.
 */
import { repoRoot } from '@eye/testing';
import { parseArgs } from 'node:util';
import { startEnvironment } from './environment';
import { markdownTable, newReport, saveReport } from './report';
import { runAcceptPath } from './scenarios/accept-path';
import { runExplorer } from './scenarios/explorer';
import { runLoadOverStore } from './scenarios/load-over-store';
import { runPipeline } from './scenarios/pipeline';
import { runQuery } from './scenarios/query';
import { runScale } from './scenarios/scale';
import { benchSettings } from './settings';

const SCENARIOS = ['single', 'batch', 'e2e', 'steady', 'sustain', 'query', 'explorer', 'scale'] as const;
type Scenario = (typeof SCENARIOS)[number];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
  const only = new Set((values.only?.split(',') ?? SCENARIOS).map((name) => name.trim()));
  for (const name of only) if (!SCENARIOS.includes(name as Scenario)) throw new Error(`unknown scenario "${name}"; choose from ${SCENARIOS.join(', ')}`);
  const wants = (name: Scenario) => only.has(name);
  const settings = benchSettings(values.quick);
  const started = Date.now();
  const step = (what: string) => process.stderr.write(`[${Math.round((Date.now() - started) / 1000)} s] ${what}\n`);

  step('starting nats-server and the database');
  const env = await startEnvironment();
  step(`database: ${env.database}`);
  const root = repoRoot();
  const report = newReport(root, settings.quick, env.mongoLabel, env.database);
  try {
    if (wants('single') || wants('batch')) {
      step('single and batch: the accept path and its baselines');
      const { single, batch } = await runAcceptPath(env, settings);
      if (wants('single')) report.scenarios.single = single;
      if (wants('batch')) report.scenarios.batch = batch;
    }
    if (wants('steady') || wants('sustain')) {
      const { steady, sustain } = await runLoadOverStore(env, settings, { steady: wants('steady'), sustain: wants('sustain') }, step);
      if (steady) report.scenarios.steady = steady;
      if (sustain) report.scenarios.sustain = sustain;
    }
    if (wants('e2e')) {
      step('e2e: accepted → stored, one validator');
      report.scenarios.e2e = (await runPipeline(env, settings, { validators: 1, baseline: true })).e2e;
    }
    if (wants('scale')) report.scenarios.scale = await runScale(env, settings, step);
    if (wants('query')) {
      step(`query at ${settings.querySizes.join(', ')} stored events`);
      const query = await runQuery(env, settings);
      report.scenarios.query = query.sizes;
      report.scenarios.session_summary = query.sessionSummary;
    }
    if (wants('explorer')) {
      step(`explorer: each view's first screen at ${settings.explorerSizes.join(', ')} stored events`);
      report.scenarios.explorer = await runExplorer(env, settings);
    }
  } finally {
    await env.stop();
  }
  const file = await saveReport(root, report, env.defaultDatabase);
  step(`done; wrote ${file}`);
  process.stdout.write(`${markdownTable(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
