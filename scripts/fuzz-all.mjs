// `npm run fuzz -- --count N [--seed S]`: both fuzzers over the built library, one after the
// other, with the same flags: scripts/fuzz.mjs (verify side) and scripts/fuzz-claims.mjs (sign
// side). Both run even when the first fails; the exit status is 1 when either failed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
let status = 0;
for (const script of ['fuzz.mjs', 'fuzz-claims.mjs']) {
  const run = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], { stdio: 'inherit' });
  if (run.status !== 0) status = 1;
}
process.exit(status);
