import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { TestContext } from './harness.ts';

const require = createRequire(import.meta.url);
/** axe-core's browser bundle (the same text as `axe.source`). */
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export interface A11yCheck {
  label: string;
  url: string;
  lang: string;
  violations: Array<{ id: string; impact: string | null; help: string; helpUrl: string; nodes: Array<{ target: string; html: string; summary: string }> }>;
  /** What axe could not decide alone ("needs review"): recorded, not failed. */
  incomplete: Array<{ id: string; nodes: number; reasons: string[] }>;
}

/** Every page checked during the run, for results.json. */
export const a11yChecks: A11yCheck[] = [];

declare global {
  interface Window {
    axe?: { run(context: Document, options: RunOptions): Promise<AxeResults> };
  }
}

/**
 * Runs axe-core on the page as it is now and records every violation as a
 * soft failure of the test (the test goes on, then fails).
 *
 * The server's CSP (`script-src 'self'`) forbids an inline <script>, so
 * `page.addScriptTag({ content })` would be refused; `page.evaluate` runs
 * through the DevTools protocol, which the page's CSP does not govern, so the
 * page keeps its real CSP (no `bypassCSP`).
 */
export async function checkA11y(
  t: Pick<TestContext, 'step' | 'softFail'>,
  page: Page,
  label: string,
  options: { record?: boolean } = {},
): Promise<A11yCheck> {
  // Let the page settle: no spinner, fonts loaded.
  await page.locator('.loading, [data-pending]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.evaluate(axeSource);
  }
  const runOptions: RunOptions = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations', 'incomplete'] };
  const results = await page.evaluate((runOptions) => window.axe!.run(document, runOptions), runOptions);
  const check: A11yCheck = {
    label,
    url: page.url(),
    lang: await page.evaluate(() => document.documentElement.lang),
    violations: results.violations.map((violation: Result) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' '),
        html: node.html.length > 200 ? `${node.html.slice(0, 200)}…` : node.html,
        summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    })),
    incomplete: results.incomplete.map((item: Result) => ({
      id: item.id,
      nodes: item.nodes.length,
      reasons: [...new Set(item.nodes.flatMap((node) => [...node.any, ...node.all, ...node.none].map((check) => check.message)))].slice(0, 5),
    })),
  };
  if (options.record !== false) a11yChecks.push(check);
  t.step(`axe: ${label} (${check.violations.length} violation(s))`);
  if (check.violations.length > 0) t.softFail(formatViolations(check));
  return check;
}

export function formatViolations(check: A11yCheck): string {
  const lines = [`axe-core: ${check.violations.length} violation(s) on "${check.label}" (${check.url}, lang=${check.lang})`];
  for (const v of check.violations) {
    lines.push(`  - ${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes.slice(0, 8)) {
      lines.push(`      target: ${node.target}`);
      lines.push(`        html: ${node.html}`);
      if (node.summary) lines.push(`        why:  ${node.summary}`);
    }
    if (v.nodes.length > 8) lines.push(`      … and ${v.nodes.length - 8} more node(s)`);
  }
  return lines.join('\n');
}
