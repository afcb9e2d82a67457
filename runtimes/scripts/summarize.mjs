// Turns a smoke result from an out-of-framework runtime into printed lines, a vitest-shaped
// {numPassedTests,numFailedTests} report, and an exit code.
import { writeFileSync } from 'node:fs';

export function summarize(result, reportPath) {
  let passed = 0;
  let failed = 0;
  for (const outcome of result.outcomes) {
    if (outcome.error) {
      failed++;
      console.log(`  ✗ ${outcome.name}\n      ${outcome.error}`);
    } else {
      passed++;
      console.log(`  ✓ ${outcome.name}`);
    }
  }
  if (result.hasProcess) {
    failed++;
    console.log('  ✗ globalThis.process exists: this sandbox leaks Node, so it proves nothing about the WebCrypto path');
  }
  for (const reason of result.unhandled ?? []) {
    failed++;
    console.log(`  ✗ unhandled rejection: ${reason}`);
  }
  const summary = { numPassedTests: passed, numFailedTests: failed, runtimeName: result.runtimeName, syncMode: result.syncMode };
  if (reportPath) writeFileSync(reportPath, JSON.stringify(summary));
  console.log(JSON.stringify(summary));
  return failed > 0 || passed === 0 ? 1 : 0;
}
