// `npm run bench:ab [-- <git ref>]` from the repository root: is the change in the working tree
// faster or slower than a git ref (default HEAD)? Builds src/ of both the same way, then times the
// goal cases of `npm run bench` for the two builds call by call (paired slices, as in RESULTS.md),
// in fresh processes on both crypto paths. Prints change/base ratios; its builds live in a temp folder it removes.
// A difference smaller than the spread between rounds is noise.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median, NODE_FLAGS } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const ref = process.argv[2] ?? 'HEAD';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const work = mkdtempSync(path.join(os.tmpdir(), 'zmj-ab-'));

/** src/index.ts of `dir` as one ESM file, built as tsup builds dist/index.js. */
async function bundle(dir, name) {
  const outfile = path.join(work, `${name}.mjs`);
  await build({ entryPoints: [path.join(dir, 'src', 'index.ts')], outfile, bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', logLevel: 'error' });
  return pathToFileURL(outfile).href;
}

const rounds = { node: [], webcrypto: [] };
try {
  const baseDir = path.join(work, 'base');
  mkdirSync(baseDir);
  execFileSync('sh', ['-c', 'git archive "$1" src | tar -x -C "$2"', 'sh', ref, baseDir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const env = { ...process.env, BENCH_BASE: await bundle(baseDir, 'base'), BENCH_LIB: await bundle(root, 'change') };
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of ['node', 'webcrypto']) {
      const child = spawnSync(process.execPath, [...NODE_FLAGS[mode], 'round.mjs', 'ab'], { cwd: here, encoding: 'utf8', env });
      if (child.status !== 0) throw new Error(`bench:ab: ${mode} round failed\n${child.stderr}${child.stdout}`);
      rounds[mode].push(JSON.parse(child.stdout.trim().split('\n').at(-1)).results);
      console.error(`bench:ab: ${mode} round ${r + 1} of ${ROUNDS}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`working tree / ${ref}, paired calls, median of ${ROUNDS} rounds (lowest - highest round); below 1.00x is faster`);
for (const [mode, results] of Object.entries(rounds)) {
  for (const label of Object.keys(results[0])) {
    const ratios = results.map((round) => round[label].ratio);
    const cryptoPath = mode === 'node' ? 'node:crypto' : 'WebCrypto';
    console.log(`  ${`${cryptoPath} ${label}`.padEnd(84)} ${median(ratios).toFixed(3)}x  (${Math.min(...ratios).toFixed(3)} - ${Math.max(...ratios).toFixed(3)})`);
  }
}
