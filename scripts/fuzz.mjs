// The verify-side fuzz over the built library (`npm run fuzz` builds first):
//   node scripts/fuzz.mjs [--count N] [--seed S] [--only I]
// N random and mutated tokens (default 10^6) go through verifyJwtSync. Prints the counts by
// outcome (each JwtError code, and accepted), overall and per generator, then any failure with
// its input; exits 1 when anything but a JwtError escaped or an invariant broke.
// --only I replays iteration I of seed S alone (each failure prints its replay command).
import * as lib from '../dist/index.js';
import { readFuzzArgs } from './fuzz-shared.mjs';
import { runVerifyFuzz } from './fuzz-verify-core.mjs';

const { count, seed, only } = readFuzzArgs();

console.log(`fuzz (verify): ${only === undefined ? `${count} iterations` : `iteration ${only}`}, seed ${seed}`);
const started = performance.now();
const { counts, byGenerator, failures, failed, iterations } = runVerifyFuzz(lib, {
  count,
  seed,
  only,
  onProgress: (done, failedSoFar) =>
    console.log(`  ${done} done, ${failedSoFar} failed, ${((performance.now() - started) / 1000).toFixed(1)} s`),
});
const seconds = (performance.now() - started) / 1000;

const table = (rows, indent) => {
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  for (const [outcome, n] of Object.entries(rows)) console.log(`${indent}${outcome.padEnd(width)}  ${String(n).padStart(8)}`);
};
console.log('outcomes:');
table(counts, '  ');
for (const [kind, rows] of Object.entries(byGenerator).sort()) {
  console.log(`${kind}:`);
  table(rows, '    ');
}
for (const f of failures) {
  console.log(`FAILED at iteration ${f.iteration} [${f.kind}] (replay: node scripts/fuzz.mjs --seed ${seed} --only ${f.iteration}): ${f.what}`);
  console.log(`  input: ${f.input}`);
  if (f.options !== undefined) console.log(`  options: ${f.options}`);
  if (f.error) console.log(`  error: ${f.error}`);
}
console.log(
  `fuzz (verify): ${iterations} iterations in ${seconds.toFixed(1)} s (${Math.round(iterations / seconds)}/s), ${failed} failed, seed ${seed}`,
);
process.exit(failed > 0 ? 1 : 0);
