/**
 * The browser tests of Préau: starts the real server on a fresh PGlite
 * database (migrations and demo seed run), drives Debian's chromium with
 * playwright-core, checks every page visited with axe-core, and ends with
 * one line "N passed, N failed" (exit code 1 on any failure).
 *
 *   npm run -w @preau/e2e test                 # every test
 *   npm run -w @preau/e2e test -- annuaire     # tests whose name or file contains "annuaire"
 *
 * A test declared with a `clock` (lib/clock.ts) runs on a server of its own
 * started at that time, one server per distinct clock, after the others.
 *
 * Environment: E2E_BASE_URL (use a running server instead of starting one;
 * tests with a clock then run on it at its own time),
 * CHROMIUM_PATH (default /usr/bin/chromium), E2E_HEADED=1, E2E_VERBOSE=1,
 * E2E_TRACE=0 (no Playwright trace on failure), E2E_RESULTS (a second copy of
 * results.json, for CI).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { a11yChecks } from './lib/axe.ts';
import { registeredTests, runTest, setCurrentFile, type TestResult } from './lib/harness.ts';
import { artifactsDir, chromiumPath, e2eDir, webDist } from './lib/paths.ts';
import { startServer, type RunningServer } from './lib/server.ts';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

interface Summary {
  passed: number;
  failed: number;
  /** Same counts under the names scripts/ci-summary.mjs also understands. */
  numPassedTests: number;
  numFailedTests: number;
  durationMs: number;
  setupError?: string;
  tests: TestResult[];
  accessibility: typeof a11yChecks;
}

function writeResults(summary: Summary): void {
  mkdirSync(artifactsDir, { recursive: true });
  const json = `${JSON.stringify(summary, null, 2)}\n`;
  writeFileSync(join(artifactsDir, 'results.json'), json);
  const extra = process.env.E2E_RESULTS;
  if (extra) {
    mkdirSync(dirname(extra), { recursive: true });
    writeFileSync(extra, json);
  }
}

function finish(started: number, results: TestResult[], setupError?: string): never {
  const passed = results.filter((r) => r.status === 'passed').length;
  const failed = results.filter((r) => r.status === 'failed').length + (setupError ? 1 : 0);
  writeResults({
    passed,
    failed,
    numPassedTests: passed,
    numFailedTests: failed,
    durationMs: Date.now() - started,
    ...(setupError ? { setupError } : {}),
    tests: results,
    accessibility: a11yChecks,
  });
  const pagesChecked = a11yChecks.length;
  const withViolations = a11yChecks.filter((c) => c.violations.length > 0).length;
  console.log(`\naxe-core: ${pagesChecked} page state(s) checked, ${withViolations} with violations.`);
  console.log(`Artifacts: ${artifactsDir}`);
  console.log(`Time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

function setupFailure(started: number, message: string): never {
  console.error(`\nE2E setup failed: ${message}`);
  return finish(started, [], message);
}

async function main(): Promise<void> {
  const started = Date.now();
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });

  if (!process.env.E2E_BASE_URL && !existsSync(join(webDist, 'index.html'))) {
    setupFailure(started, `the web app is not built (${join(webDist, 'index.html')} is missing). Run: npm run build:web`);
  }
  if (!existsSync(chromiumPath)) {
    setupFailure(started, `no chromium at ${chromiumPath}. Install Debian's: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }

  // Load the tests first: a syntax error should not cost a server start.
  const testsDir = join(e2eDir, 'tests');
  const files = readdirSync(testsDir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  for (const file of files) {
    setCurrentFile(file);
    await import(pathToFileURL(join(testsDir, file)).href);
  }
  const selected = registeredTests().filter(
    (t) => filters.length === 0 || filters.some((f) => t.name.toLowerCase().includes(f.toLowerCase()) || t.file.includes(f)),
  );
  if (selected.length === 0) setupFailure(started, `no test matches ${filters.join(' ')}`);

  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const clockedServers = new Map<string, RunningServer>();
  const stopAll = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    for (const clocked of clockedServers.values()) await clocked.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));

  let baseURL = process.env.E2E_BASE_URL?.replace(/\/$/, '');
  const external = Boolean(baseURL);
  const needsPlainServer = external || selected.some((t) => !t.clock);
  try {
    if (!baseURL && needsPlainServer) {
      const t0 = Date.now();
      server = await startServer({ logFile: join(artifactsDir, 'server.log') });
      baseURL = server.url;
      console.log(`Server ready at ${baseURL} in ${((Date.now() - t0) / 1000).toFixed(1)} s (fresh PGlite, demo seed; log: artifacts/server.log)`);
    }
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: process.env.E2E_HEADED !== '1',
      args: process.env.E2E_HEADED === '1' ? CHROMIUM_ARGS.filter((a) => a !== '--headless') : CHROMIUM_ARGS,
    });
    console.log(`Chromium ${browser.version()} (${chromiumPath})\n`);
  } catch (error) {
    await stopAll();
    setupFailure(started, error instanceof Error ? error.message : String(error));
  }

  /** The server of a test with a clock: started when the first such test comes, kept for the others with the same clock. */
  const serverAt = async (clock: Date): Promise<RunningServer> => {
    const key = clock.toISOString();
    let clocked = clockedServers.get(key);
    if (!clocked) {
      const t0 = Date.now();
      const logFile = join(artifactsDir, `server-${key.replace(/[^0-9T]/g, '')}.log`);
      clocked = await startServer({ logFile, clockStart: clock });
      clockedServers.set(key, clocked);
      console.log(`Server with its clock at ${key} ready at ${clocked.url} in ${((Date.now() - t0) / 1000).toFixed(1)} s (log: artifacts/${basename(logFile)})`);
    }
    return clocked;
  };

  const results: TestResult[] = [];
  // Plain tests first, then those with a clock grouped by it: each clocked server starts once.
  const ordered = [...selected.filter((t) => external || !t.clock), ...selected.filter((t) => !external && t.clock).sort((a, b) => a.clock!.getTime() - b.clock!.getTime())];
  for (const test of ordered) {
    let result: TestResult;
    if (!external && test.clock) {
      try {
        const clocked = await serverAt(test.clock);
        result = await runTest(test, browser!, clocked.url, clocked.now);
      } catch (error) {
        result = { name: test.name, file: test.file, status: 'failed', durationMs: 0, error: `Its server did not start: ${error instanceof Error ? error.message : String(error)}` };
      }
    } else {
      result = await runTest(test, browser!, baseURL!);
    }
    results.push(result);
    const mark = result.status === 'passed' ? '✔' : '✖';
    console.log(`${mark} ${test.name} (${basename(test.file)}, ${(result.durationMs / 1000).toFixed(1)} s)`);
    for (const measure of result.measures ?? []) console.log(`    measured: ${measure.name}: ${measure.value} ${measure.unit}`);
    if (result.error) {
      console.log(result.error.replace(/^/gm, '    '));
      for (const artifact of result.artifacts ?? []) console.log(`    artifact: ${artifact}`);
    }
  }

  await stopAll();
  finish(started, results);
}

await main();
