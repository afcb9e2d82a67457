// `npm run bench` from the repository root: builds the library, installs the bench's own
// dependencies if they are missing, runs every round in a fresh process, and writes
// bench/RESULTS.md. Every time is reported as a ratio to the floor measured in the same process
// and round (the machine is shared and noisy; a ratio survives that, a nanosecond count does not):
// the median ratio over the rounds, with the lowest and highest round beside it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, NODE_FLAGS } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCALE_ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 3);

if (!existsSync(path.join(here, 'node_modules'))) {
  console.error('bench: installing the bench dependencies (npm ci --prefix bench)');
  execFileSync('npm', ['ci', '--prefix', here, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
const built = path.join(here, '..', 'dist', 'index.js');
if (!existsSync(built)) throw new Error('bench: build the library first (npm run build)');
// One copy of the build for every round: a rebuild in the checkout mid-run must not mix two versions.
const snapshot = path.join(mkdtempSync(path.join(os.tmpdir(), 'zmj-bench-')), 'index.js');
copyFileSync(built, snapshot);
const env = { ...process.env, BENCH_LIB: pathToFileURL(snapshot).href };

function round(mode) {
  const started = Date.now();
  const child = spawnSync(process.execPath, [...NODE_FLAGS[mode], 'round.mjs', mode], { cwd: here, encoding: 'utf8', env });
  if (child.status !== 0) throw new Error(`bench: ${mode} round failed\n${child.stderr}${child.stdout}`);
  console.error(`bench: ${mode} round in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)).results;
}

const rounds = { node: [], webcrypto: [], scale: [] };
const startedAt = new Date();
// Alternate the modes so that a burst of load from elsewhere does not land on one mode only.
for (let r = 0; r < ROUNDS; r++) {
  rounds.node.push(round('node'));
  rounds.webcrypto.push(round('webcrypto'));
  if (r < SCALE_ROUNDS) rounds.scale.push(round('scale'));
}
const alloc = round('alloc');
rmSync(path.dirname(snapshot), { recursive: true, force: true });

/** group -> rows of { label, ratio, low, high, ns } over the rounds of one mode; the floor is each group's first entry. */
function summarise(list) {
  const out = {};
  for (const groupName of Object.keys(list[0])) {
    const labels = Object.keys(list[0][groupName]);
    out[groupName] = labels.map((label) => {
      const ratios = list.map((results) => results[groupName][label].ratio);
      return {
        label,
        ratio: median(ratios),
        low: Math.min(...ratios),
        high: Math.max(...ratios),
        ns: median(list.map((results) => results[groupName][label].ns)),
      };
    });
  }
  return out;
}

const summary = { node: summarise(rounds.node), webcrypto: summarise(rounds.webcrypto), scale: summarise(rounds.scale) };
const find = (mode, groupName, label) => summary[mode][groupName].find((row) => row.label === label);

const fmtRatio = (x) => `${x.toFixed(2)}x`;
const fmtNs = (ns) => (ns >= 10_000 ? `${(ns / 1000).toFixed(0)} µs` : ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
function table(rows) {
  const lines = ['| case | ratio to floor (median) | spread over rounds | time per call (median) |', '|---|---:|---:|---:|'];
  for (const row of rows) lines.push(`| ${row.label} | ${fmtRatio(row.ratio)} | ${fmtRatio(row.low)} – ${fmtRatio(row.high)} | ${fmtNs(row.ns)} |`);
  return lines.join('\n');
}

const goals = [
  ['createSigner().signSync ≤ 1.00x floor-A (mitata windows)', find('node', 'sign', 'createSigner().signSync'), 1.0],
  ['createSigner().signSync ≤ 1.00x floor-A (paired calls)', find('node', 'sign (paired calls)', 'createSigner().signSync (paired calls)'), 1.0],
  ['createSigner().signSync(user, { now }) ≤ 1.00x floor-A (paired calls)', find('node', 'sign (paired calls)', 'createSigner().signSync(user, { now }) (paired calls)'), 1.0],
  ['signJwtSync with a fresh { kid, secret } literal ≤ 1.10x floor-A (paired calls)', find('node', 'sign (paired calls)', 'signJwtSync(user, { kid, secret }, options), fresh key literal (paired calls)'), 1.1],
  ['createVerifier().verifySync ≤ 1.10x floor-V (mitata windows)', find('node', 'verify', 'createVerifier().verifySync'), 1.1],
  ['createVerifier().verifySync ≤ 1.10x floor-V (paired calls)', find('node', 'verify (paired calls)', 'createVerifier().verifySync (paired calls)'), 1.1],
  ...[
    ['sign', 'createSigner().sign', 'one at a time', 1.1],
    ['verify', 'createVerifier().verify', 'one at a time', 1.1],
    ['sign, 64 in flight', 'createSigner().sign, 64 in flight', '64 in flight', 1.15],
    ['verify, 64 in flight', 'createVerifier().verify, 64 in flight', '64 in flight', 1.15],
  ].flatMap(([groupName, label, how, limit]) => [
    [`WebCrypto ${label.split(',')[0]} ≤ ${limit.toFixed(2)}x, ${how} (mitata windows)`, find('webcrypto', groupName, label), limit],
    [`WebCrypto ${label.split(',')[0]} ≤ ${limit.toFixed(2)}x, ${how} (paired calls)`, find('webcrypto', `${groupName} (paired calls)`, `${label} (paired calls)`), limit],
  ]),
];

const scaleRows = [10, 100, 1000, 10000].map((size) => {
  const sign = summary.scale[`sign, name of ${size}`];
  const verify = summary.scale[`verify, name of ${size}`];
  return { size, floorA: sign[0].ns, sign: sign[1], floorV: verify[0].ns, verify: verify[1] };
});

const cpus = os.cpus();
const machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
const fmtBytes = (b) => `${Math.max(0, Math.round(b))} B`;

const md = `# Benchmark results

- Date: ${startedAt.toISOString()}
- Machine: ${machine} (shared with other jobs while measuring; hence ratios)
- Command: \`npm ci && npm run bench\` (root), i.e. \`npm run build && node bench/run.mjs\`
- Method: mitata 1.x \`measure\`; ${ROUNDS} rounds in fresh processes for each crypto path (${SCALE_ROUNDS} for payload size), each round
  timing the floor again between every two cases, over ${process.env.BENCH_PASSES ?? 3} passes (6 on the WebCrypto path), after warming every case up for 150 ms. A case's ratio in a round is the
  median over the passes of its time divided by the mean of the floor timed just before and just after it; the table gives the
  median ratio over the rounds and the lowest and highest round (the spread). Times per call are medians too, for scale only.
  Beside the mitata windows, the goal cases are also timed in **paired slices** (floor and case alternately, 16 sync calls
  or one async call or one round of 64 per slice, swapping which goes first; median of the per-pair ratios): load from other
  jobs that lasts longer than two slices cancels out, which a 30 ms window cannot do on a shared 2-core machine.
  Every process runs with \`--expose-gc\` so that mitata's collection before each window is a real one.
  Before timing, every round checks that the library's token is byte-identical to floor-A's, that every peer's token
  verifies, and that every verifier reads the floor's token and refuses a tampered one.
- Floors (bench/cases.mjs): **floor-A** = \`createHmac('sha256', secret)\` over a pre-encoded header + \`.\` +
  base64url(JSON.stringify(payload)), digest as base64url; **floor-V** = split, createHmac, timingSafeEqual, JSON.parse the
  payload, check exp; the **WebCrypto floors** do the same with \`crypto.subtle.sign\`/\`verify\` and a CryptoKey imported once.
  Floors and peers build the same payload from the user on each call (\`scope\`, \`external_id\`, \`name\`, \`email\`,
  \`email_verified\`, \`exp\` = now + 600); the library validates every field by Zendesk's rules on top of that.
- The WebCrypto path here runs on Node with its builtins hidden, whose \`btoa\` is JavaScript; the same path inside
  workerd, where it is native: [WORKERD.md](WORKERD.md) (\`npm run bench:workerd\`).

## Goals

| goal | measured (median) | spread | met |
|---|---:|---:|:---:|
${goals.map(([goal, row, limit]) => `| ${goal} | ${fmtRatio(row.ratio)} | ${fmtRatio(row.low)} – ${fmtRatio(row.high)} | ${row.ratio <= limit ? 'yes' : 'no'} |`).join('\n')}

## Signing, node:crypto path (ratio to floor-A)

${table(summary.node.sign)}

Paired slices (16 calls of the floor, 16 of the case, alternating; median of 400 per-pair ratios):

${table(summary.node['sign (paired calls)'])}

## Verifying, node:crypto path (ratio to floor-V)

${table(summary.node.verify)}

Paired slices (16 calls of the floor, 16 of the case, alternating; median of 400 per-pair ratios):

${table(summary.node['verify (paired calls)'])}

## WebCrypto path (process.getBuiltinModule deleted by a preload; ratio to the WebCrypto floors)

${['sign', 'verify', 'sign, 64 in flight', 'verify, 64 in flight'].map((g) => `### ${g}\n\n${table(summary.webcrypto[g])}\n\nPaired calls (floor and case timed call by call, alternating which goes first; median of the per-pair ratios):\n\n${table(summary.webcrypto[`${g} (paired calls)`])}`).join('\n\n')}

Times "64 in flight" are per call: one \`Promise.all\` of 64 calls divided by 64. On this path each call waits for
Node's crypto thread pool, so a shared 2-core machine moves whole 30 ms mitata windows by ±20 %; the paired-call
figures cancel load that lasts longer than two calls and are the ones to read for a 5 % goal.

## Allocation (JS heap bytes per call, node:crypto path, synchronous cases)

Measured with \`--expose-gc\` and a 64 MiB young generation, so no collection runs inside a sample: heap used after 2000 calls
minus before, divided by 2000 (median of 9). Buffers' backing stores live outside the JS heap and are not counted.

| case | sign | | case | verify |
|---|---:|---|---|---:|
${(() => {
  const s = Object.entries(alloc.sign);
  const v = Object.entries(alloc.verify);
  return Array.from({ length: Math.max(s.length, v.length) }, (_, i) => `| ${s[i]?.[0] ?? ''} | ${s[i] ? fmtBytes(s[i][1]) : ''} | | ${v[i]?.[0] ?? ''} | ${v[i] ? fmtBytes(v[i][1]) : ''} |`).join('\n');
})()}

## Payload size (name of 10 to 10,000 characters; node:crypto path)

| name length | floor-A | signSync | ratio (spread) | floor-V | verifySync | ratio (spread) |
|---:|---:|---:|---:|---:|---:|---:|
${scaleRows.map((r) => `| ${r.size} | ${fmtNs(r.floorA)} | ${fmtNs(r.sign.ns)} | ${fmtRatio(r.sign.ratio)} (${fmtRatio(r.sign.low)} – ${fmtRatio(r.sign.high)}) | ${fmtNs(r.floorV)} | ${fmtNs(r.verify.ns)} | ${fmtRatio(r.verify.ratio)} (${fmtRatio(r.verify.low)} – ${fmtRatio(r.verify.high)}) |`).join('\n')}
`;

writeFileSync(path.join(here, 'RESULTS.md'), md);
writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ date: startedAt.toISOString(), machine, summary, alloc, rounds }, null, 1)}\n`);
console.log(md);
