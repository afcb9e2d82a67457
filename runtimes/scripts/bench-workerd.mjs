// `npm run bench:workerd` from the repository root: the WebCrypto path timed inside workerd itself
// (miniflare, no compatibility flag: no node:crypto, no node:buffer, native btoa/atob), where
// `npm run bench` can only stand in with Node minus its builtins. Each sample is one request that
// runs a case N times (one call at a time, or rounds of 64 in flight), timed from outside because
// workerd stops its clocks while a request computes. Floor and library requests alternate, swapping
// which goes first; a pair's ratio subtracts an empty request's time from both. Writes bench/WORKERD.md.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CALLS = Number(process.env.BENCH_CALLS ?? 8192);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 41);

const script = (await build({ entryPoints: [`${root}runtimes/scripts/bench-worker.js`], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'error' })).outputFiles[0].text;
const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-09-01', compatibilityFlags: [] });

async function request(name, calls, inFlight) {
  const started = performance.now();
  const response = await mf.dispatchFetch(`http://localhost/?${new URLSearchParams({ case: name, n: String(calls), w: String(inFlight) })}`);
  const body = await response.text();
  if (!response.ok) throw new Error(`bench-workerd: ${name}: ${body}`);
  return performance.now() - started;
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const quartiles = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[sorted.length >> 2], sorted[(3 * sorted.length) >> 2]];
};

const rows = [];
try {
  await request('floor sign', 1, 1);
  for (const [op, floorCase, libraryCase] of [
    ['sign', 'floor sign', 'createSigner().sign(user, { now })'],
    ['verify', 'floor verify', 'createVerifier().verify'],
  ]) {
    for (const inFlight of [1, 64]) {
      for (let i = 0; i < 3; i++) for (const name of [floorCase, libraryCase]) await request(name, CALLS, inFlight);
      const [ratios, floorTimes, libraryTimes] = [[], [], []];
      for (let pair = 0; pair < PAIRS; pair++) {
        const empty = await request(floorCase, 0, inFlight);
        const order = pair % 2 ? [libraryCase, floorCase] : [floorCase, libraryCase];
        const times = {};
        for (const name of order) times[name] = (await request(name, CALLS, inFlight)) - empty;
        ratios.push(times[libraryCase] / times[floorCase]);
        floorTimes.push(times[floorCase] / CALLS);
        libraryTimes.push(times[libraryCase] / CALLS);
      }
      rows.push({ op, libraryCase, inFlight, ratio: median(ratios), middle: quartiles(ratios), floor: median(floorTimes), library: median(libraryTimes) });
      console.log(`${libraryCase}, ${inFlight === 1 ? 'one at a time' : `${inFlight} in flight`}: ${median(ratios).toFixed(2)}x the floor`);
    }
  }
} finally {
  await mf.dispose();
}

const goal = (inFlight) => (inFlight === 1 ? 1.1 : 1.15);
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
const miniflare = JSON.parse(readFileSync(`${root}runtimes/node_modules/miniflare/package.json`, 'utf8')).version;
const md = `# WebCrypto path in workerd

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${os.type()} ${os.release()} ${os.arch()}; workerd from miniflare ${miniflare}, no compatibility flag
- Command: \`npm run bench:workerd\` (root), i.e. \`npm run build && node runtimes/scripts/bench-workerd.mjs\`
- Method: the built package bundled into a Worker as wrangler would bundle it. It has no \`process\`, so the library
  takes its WebCrypto path and base64url runs on workerd's native \`btoa\`/\`atob\`. One sample is one request that
  runs a case ${CALLS} times, one call at a time or in rounds of 64 in flight, timed from outside the Worker (workerd stops
  its clocks while a request computes), minus the time of an empty request. Floor and library requests alternate,
  swapping which goes first, ${PAIRS} pairs per case; the ratio is the median over the pairs, with the middle half beside it.
- Floors (runtimes/scripts/bench-worker.js): the WebCrypto floors of \`npm run bench\`, the same code with workerd's
  native \`Uint8Array\` base64 methods (\`toBase64\`, \`fromBase64\`) where those use \`Buffer\`, which a Worker without
  nodejs_compat does not have. Before timing, the Worker checks that the library's token is the floor's byte for byte and
  that both read the same claims back. The library does not use those methods: Node 20 to 24 (and edge-runtime on them)
  lack them, so its path without node:buffer is \`btoa\`/\`atob\` everywhere.

| case | ratio to floor (median) | middle half | floor, per call | library, per call | goal (as in \`npm run bench\`) | met |
|---|---:|---:|---:|---:|---:|:---:|
${rows
  .map(
    (r) =>
      `| ${r.libraryCase}, ${r.inFlight === 1 ? 'one at a time' : `${r.inFlight} in flight`} | ${r.ratio.toFixed(2)}x | ${r.middle[0].toFixed(2)}x – ${r.middle[1].toFixed(2)}x | ${us(r.floor)} | ${us(r.library)} | ≤ ${goal(r.inFlight).toFixed(2)}x | ${r.ratio <= goal(r.inFlight) ? 'yes' : 'no'} |`,
  )
  .join('\n')}

Times per call are the request's time divided by ${CALLS}, for scale only.
`;
writeFileSync(`${root}bench/WORKERD.md`, md);
console.log('bench-workerd: wrote bench/WORKERD.md');
