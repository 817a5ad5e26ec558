import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, ConsoleMessage, Page } from 'playwright-core';
import { artifactsDir } from './paths.ts';

/**
 * A tiny test runner around Playwright (playwright-core has no test runner).
 * Test files call `test(name, fn)`; run-e2e.ts imports them, then runs every
 * test in order, each with its own browser contexts, and counts the results.
 */

export interface TestContext {
  /** The server's origin, e.g. http://127.0.0.1:41234. */
  baseURL: string;
  /** The time on the server of this test: its `clock` moved forward by the time elapsed, or the real time. */
  now(): Date;
  browser: Browser;
  /** A new, isolated browser context (cookies, storage): French, reduced motion, baseURL set. Closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a new context. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Logs a step (shown when the test fails, and with E2E_VERBOSE=1). */
  step(text: string): void;
  /**
   * Records a failure without stopping the test (accessibility violations,
   * console errors): the test goes on to check the rest, then fails.
   */
  softFail(message: string): void;
  /** Tolerates console errors matching `pattern` (a test that provokes one on purpose). */
  allowConsoleError(pattern: RegExp): void;
  /** Runs `fn` after the test, passed or failed (restores shared demo data, e.g. a language preference). */
  defer(fn: () => Promise<void>): void;
  /** Records a measure (a duration, a count), printed with the test and kept in results.json; never asserted. */
  measure(name: string, value: number, unit: string): void;
}

export type TestFn = (t: TestContext) => Promise<void>;

interface RegisteredTest {
  name: string;
  file: string;
  fn: TestFn;
  timeoutMs: number;
  /** Where the clocks of the test's server and browser contexts start (see clock.ts); undefined: the real time. */
  clock?: Date;
}

const registry: RegisteredTest[] = [];
let currentFile = '';

/** Declares a test; `clock`: it runs on a server of its own whose clock starts there (a school day, see clock.ts). */
export function test(name: string, fn: TestFn, options: { timeoutMs?: number; clock?: Date } = {}): void {
  registry.push({ name, fn, file: currentFile, timeoutMs: options.timeoutMs ?? 120_000, ...(options.clock ? { clock: options.clock } : {}) });
}

/** Called by the runner before it imports each test file. */
export function setCurrentFile(file: string): void {
  currentFile = file;
}

export function registeredTests(): readonly RegisteredTest[] {
  return registry;
}

export interface TestResult {
  name: string;
  file: string;
  status: 'passed' | 'failed';
  durationMs: number;
  /** What the test measured on its way (reported, not asserted: figures belong to benchmarks). */
  measures?: { name: string; value: number; unit: string }[];
  error?: string;
  artifacts?: string[];
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** Console errors that reveal a real problem of the page: CSP refusals (not the 401 of GET /me when logged out). */
function isProblem(message: ConsoleMessage): boolean {
  if (message.type() !== 'error') return false;
  const text = message.text();
  return /Content Security Policy|Refused to (apply|execute|load|connect|frame)/i.test(text);
}

/**
 * Runs one test with its fixtures; never throws. `now`: the clock of the
 * server it runs on; a test with a `clock` gets it in its browser contexts too.
 */
export async function runTest(test: RegisteredTest, browser: Browser, baseURL: string, now: () => Date = () => new Date()): Promise<TestResult> {
  const started = Date.now();
  const contexts: BrowserContext[] = [];
  const steps: string[] = [];
  const measures: NonNullable<TestResult['measures']> = [];
  const softFailures: string[] = [];
  const deferred: Array<() => Promise<void>> = [];
  const allowedConsole: RegExp[] = [];
  const verbose = process.env.E2E_VERBOSE === '1';
  const tracing = process.env.E2E_TRACE !== '0';

  const t: TestContext = {
    baseURL,
    now,
    browser,
    async newContext(options = {}) {
      const context = await browser.newContext({
        baseURL,
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        reducedMotion: 'reduce',
        viewport: { width: 1280, height: 900 },
        ...options,
      });
      // The page's Date then agrees with the server's (which week the timetable shows, what "today" is); time still runs.
      if (test.clock) await context.clock.install({ time: now() });
      context.setDefaultTimeout(15_000);
      context.setDefaultNavigationTimeout(30_000);
      if (tracing) await context.tracing.start({ screenshots: true, snapshots: true });
      context.on('page', (page) => {
        page.on('pageerror', (error) => softFailures.push(`Uncaught error in the page ${page.url()}: ${error.message}`));
        page.on('console', (message) => {
          if (isProblem(message) && !allowedConsole.some((pattern) => pattern.test(message.text())))
            softFailures.push(`Console error on ${page.url()}: ${message.text()}`);
        });
      });
      contexts.push(context);
      return context;
    },
    async newPage(options) {
      const context = await t.newContext(options);
      return context.newPage();
    },
    measure(name, value, unit) {
      measures.push({ name, value, unit });
    },
    step(text) {
      steps.push(text);
      if (verbose) console.log(`    · ${text}`);
    },
    softFail(message) {
      softFailures.push(message);
    },
    allowConsoleError(pattern) {
      allowedConsole.push(pattern);
    },
    defer(fn) {
      deferred.push(fn);
    },
  };

  let error: unknown;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      test.fn(t),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Timed out after ${test.timeoutMs / 1000} s`)), test.timeoutMs);
      }),
    ]);
  } catch (caught) {
    error = caught;
  } finally {
    clearTimeout(timer);
  }

  for (const fn of deferred.reverse()) {
    try {
      await fn();
    } catch (cleanupError) {
      softFailures.push(`Clean-up failed: ${(cleanupError as Error).message}`);
    }
  }
  const failed = error !== undefined || softFailures.length > 0;
  const artifacts: string[] = [];
  if (failed) {
    mkdirSync(artifactsDir, { recursive: true });
    const base = slug(test.name);
    for (const [c, context] of contexts.entries()) {
      for (const [p, page] of context.pages().entries()) {
        const file = join(artifactsDir, `${base}-ctx${c + 1}-page${p + 1}.png`);
        try {
          await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
          artifacts.push(file);
        } catch {
          // The page may already be gone.
        }
      }
      if (tracing) {
        const file = join(artifactsDir, `${base}-ctx${c + 1}-trace.zip`);
        try {
          await context.tracing.stop({ path: file });
          artifacts.push(file);
        } catch {
          // Ignore: the context may be closed.
        }
      }
    }
  }
  for (const context of contexts) await context.close().catch(() => undefined);

  const messages: string[] = [];
  if (error !== undefined) messages.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  if (softFailures.length > 0) messages.push(...softFailures);
  if (failed && steps.length > 0) messages.push(`Steps done:\n${steps.map((s) => `  · ${s}`).join('\n')}`);
  return {
    name: test.name,
    file: test.file,
    status: failed ? 'failed' : 'passed',
    durationMs: Date.now() - started,
    ...(measures.length > 0 ? { measures } : {}),
    ...(failed ? { error: messages.join('\n\n'), artifacts } : {}),
  };
}
