// Adds up the test counts of every CI run and prints "N passed, N failed".
// A run that crashed before writing its results counts as one failure, so a
// broken step can never look green.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder, stepFailuresArg = '0'] = process.argv.slice(2);
const stepFailures = Number(stepFailuresArg);
let passed = 0;
let failed = 0;
for (const name of ['pglite.json', 'postgres.json', 'e2e.json']) {
  const file = join(folder, name);
  if (!existsSync(file)) {
    console.log(`${name}: no results (the run did not finish)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const p = r.numPassedTests ?? r.passed ?? 0;
  const f = (r.numFailedTests ?? r.failed ?? 0) + (r.numFailedTestSuites ?? 0);
  console.log(`${name}: ${p} passed, ${f} failed`);
  // CI keeps only the tail of its output: name what failed here, just above the total, so it is never cut off.
  for (const suite of r.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed')) {
      console.log(`  failed suite: ${suite.name}: ${String(suite.message ?? '').split('\n')[0].slice(0, 300)}`);
    }
    for (const t of suite.assertionResults ?? []) {
      if (t.status !== 'failed') continue;
      const why = String((t.failureMessages ?? [])[0] ?? '').split('\n')[0].slice(0, 300);
      console.log(`  failed: ${suite.name?.replace(process.cwd() + '/', '')} > ${t.fullName ?? t.title}: ${why}`);
    }
  }
  for (const t of r.tests ?? []) {
    if (t.status === 'failed') console.log(`  failed: ${t.file} > ${t.name}: ${String(t.error ?? '').split('\n')[0].slice(0, 300)}`);
  }
  if (r.setupError) console.log(`  setup failed: ${String(r.setupError).slice(0, 300)}`);
  if (p === 0) {
    console.log(`${name}: no test ran`);
    failed += 1;
  }
  passed += p;
  failed += f;
}
if (stepFailures > 0 && failed === 0) failed = stepFailures;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || stepFailures > 0 ? 1 : 0);
