/**
 * Real Chromium for the end-to-end test: Debian's `chromium` package driven by playwright-core
 * (never a downloaded browser), an accessibility check with axe-core, the page's cumulative
 * layout shift, and screenshots.
 */
import { repoRoot } from '@eye/testing';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's package; `.ci/run` installs it when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, as root in CI (no sandbox), and no calls to Google's services, which this network refuses. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's package (apt-get install -y chromium; .ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Counts layout shifts not caused by input, from the first paint of every document the page loads. */
export async function watchLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __layoutShift: number };
    w.__layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) w.__layoutShift += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The cumulative layout shift of the document loaded last (0 is none; under 0.1 is "good"). */
export function layoutShift(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __layoutShift: number }).__layoutShift);
}

let axeSource: string | undefined;

/** One axe-core finding. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * The serious and critical accessibility violations axe-core finds on the page as it is now.
 * axe runs through the DevTools protocol, so the explorer's content security policy stays on.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Where screenshots go: `docs/explorer/` when EYE_UPDATE_SCREENSHOTS=true (to refresh the ones
 * the README shows), else `dist/explorer-screenshots/`, so a test run leaves the tree clean.
 */
export function screenshotDir(): string {
  const dir = process.env['EYE_UPDATE_SCREENSHOTS'] === 'true' ? join(repoRoot(), 'docs', 'explorer') : join(repoRoot(), 'dist', 'explorer-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
