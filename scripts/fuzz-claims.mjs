// The long sign-side fuzz over the built library (run `npm run build` first):
//   node scripts/fuzz-claims.mjs --count 1000000 [--seed S] [--only I]
// Prints the counts by outcome and the failures; exits 1 when anything but a JwtError escaped,
// an error text showed the secret or personal data, or a result broke an invariant.
// --only I replays iteration I of seed S alone (the failures list their iteration).
import * as lib from '../dist/index.js';
import { readFuzzArgs } from './fuzz-shared.mjs';
import { runClaimsFuzz } from './fuzz-claims-core.mjs';

const { count, seed, only } = readFuzzArgs();

console.log(`fuzz-claims: ${only === undefined ? `${count} iterations` : `iteration ${only}`}, seed ${seed}`);
const started = performance.now();
const { counts, failures, failed, iterations } = await runClaimsFuzz(lib, {
  count,
  seed,
  only,
  onProgress: (done, failedSoFar) =>
    console.log(`  ${done} done, ${failedSoFar} failed, ${((performance.now() - started) / 1000).toFixed(1)} s`),
});
const seconds = (performance.now() - started) / 1000;

const width = Math.max(...Object.keys(counts).map((k) => k.length));
for (const [outcome, n] of Object.entries(counts)) console.log(`  ${outcome.padEnd(width)}  ${n}`);
for (const f of failures) {
  console.log(`FAILED at iteration ${f.iteration} (replay: --seed ${seed} --only ${f.iteration}): ${f.what}`);
  console.log(`  input: ${f.label}`);
  if (f.error) console.log(`  error: ${f.error}`);
}
console.log(
  `fuzz-claims: ${iterations} iterations in ${seconds.toFixed(1)} s (${Math.round(iterations / seconds)}/s), ` +
    `${failed} failed, seed ${seed}`,
);
process.exit(failed > 0 ? 1 : 0);
