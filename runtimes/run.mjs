// Runs the runtime smoke set (runtimes/test/) against the BUILT package on every runtime and
// prints one line per runtime: what really ran, how many checks passed, sync or async only.
// Each smoke leg must report the runtime and the sync mode it is expected to have: a leg that quietly
// ran under the host Node, or a browser that suddenly claims sync, fails.
// Under CI=true every leg leaves a {numPassedTests,numFailedTests} JSON in reports/ for
// scripts/ci-summary.mjs. Options: --only=a,b  --skip=a,b  (leg ids below).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pack } from '../scripts/pack.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
// The runtimes, vitest and its browser and Workers pools are this folder's own dependencies.
const here = join(root, 'runtimes');
const bin = (name) => join(here, 'node_modules', '.bin', name);
const vitest = join(here, 'node_modules', 'vitest', 'vitest.mjs');
const config = (name) => ['run', '--config', `runtimes/test/vitest.${name}.config.ts`];
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hostNode = `node ${process.versions.node}`;

/** kind: 'vitest' (JSON report via RUNTIME_REPORT), 'bun' (parsed output), 'summary' (script writes the JSON itself). */
const legs = [
  { id: 'node', kind: 'vitest', cmd: [process.execPath, vitest, ...config('node')], name: hostNode, sync: true },
  // --prefer-offline: a fresh clone reuses the npx cache when it has node@22/24, the registry otherwise.
  { id: 'node22', kind: 'vitest', cmd: [npx, '-y', '--prefer-offline', 'node@22', vitest, ...config('node')], name: /^node 22\./, sync: true },
  { id: 'node24', kind: 'vitest', cmd: [npx, '-y', '--prefer-offline', 'node@24', vitest, ...config('node')], name: /^node 24\./, sync: true },
  { id: 'bun', kind: 'bun', cmd: [bin('bun'), 'test', './runtimes/test/smoke.test.ts'], name: /^bun /, sync: true },
  { id: 'deno', kind: 'vitest', cmd: [bin('deno'), 'run', '-A', vitest, ...config('node')], name: /^deno /, sync: true },
  // vitest's edge-runtime environment lets Node's process leak in (so sync works); the EdgeVM leg has none, like Vercel Edge.
  { id: 'edge-runtime', label: 'edge-runtime (vitest env)', kind: 'vitest', cmd: [process.execPath, vitest, ...config('edge')], name: 'edge-runtime', sync: true },
  { id: 'edge-vm', label: 'edge-runtime (EdgeVM, no process)', kind: 'summary', cmd: [process.execPath, 'runtimes/scripts/edge-vm.mjs'], name: 'edge-runtime', sync: false },
  { id: 'workerd-compat', label: 'workerd (nodejs_compat)', kind: 'vitest', cmd: [process.execPath, vitest, ...config('workers')], name: 'workerd', sync: true },
  { id: 'workerd', label: 'workerd (no compat)', kind: 'summary', cmd: [process.execPath, 'runtimes/scripts/miniflare.mjs'], name: 'workerd', sync: false },
  {
    id: 'chromium',
    kind: 'vitest',
    cmd: [process.execPath, vitest, ...config('browser')],
    name: /^browser /,
    sync: false,
    missing: () => (existsSync(chromium) ? '' : `no Chromium at ${chromium}: apt-get install -y chromium (.ci/run does), set CHROMIUM_PATH, or --skip=chromium`),
  },
  { id: 'cjs', label: 'CommonJS consumer (packed)', kind: 'summary', cmd: [process.execPath, 'runtimes/scripts/consumers.mjs', 'cjs'], name: hostNode, sync: true },
  { id: 'esm', label: 'ESM consumer (packed)', kind: 'summary', cmd: [process.execPath, 'runtimes/scripts/consumers.mjs', 'esm'], name: hostNode, sync: true },
  // createJwtCallback in Chromium against the real token handler on loopback (name and mode: not the smoke set).
  {
    id: 'widget',
    label: 'widget helper (Chromium, real handler)',
    kind: 'vitest',
    cmd: [process.execPath, vitest, ...config('widget')],
    name: null,
    sync: null,
    missing: () => (existsSync(chromium) ? '' : `no Chromium at ${chromium}: apt-get install -y chromium (.ci/run does), set CHROMIUM_PATH, or --skip=widget`),
  },
  // The guides' Deno, Bun and Worker examples, each served by its own runtime (name and mode: not one runtime).
  { id: 'examples', label: 'examples (Deno, Bun, workerd)', kind: 'vitest', cmd: [process.execPath, vitest, ...config('examples')], name: null, sync: null },
];

const listArg = (flag) => process.argv.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3).split(',') ?? [];
const only = listArg('only');
const skip = listArg('skip');
const unknown = [...only, ...skip].filter((id) => !legs.some((l) => l.id === id));
if (unknown.length) {
  console.error(`unknown leg(s) ${unknown.join(', ')}; legs: ${legs.map((l) => l.id).join(', ')}`);
  process.exit(2);
}
const selected = legs.filter((l) => (only.length === 0 || only.includes(l.id)) && !skip.includes(l.id));

const ci = process.env['CI'] === 'true' || process.env['CI'] === '1';
const reportDir = ci ? join(root, 'reports') : mkdtempSync(join(tmpdir(), 'zmj-runtimes-'));
mkdirSync(reportDir, { recursive: true });

function run(cmd, env = {}) {
  const started = performance.now();
  const result = spawnSync(cmd[0], cmd.slice(1), {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.status ?? 1,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`,
    seconds: (performance.now() - started) / 1000,
  };
}

const titlePattern = /runtime smoke on (.+) \((sync|async only)\)/;

/** Reads what a leg reported: counts, and the runtime and mode the smoke set itself saw. */
function readLeg(leg, result, report) {
  if (leg.kind === 'bun') {
    const lines = result.output.split('\n');
    const passed = lines.filter((l) => l.startsWith('(pass) ')).length;
    const failed = lines.filter((l) => l.startsWith('(fail) ')).length;
    const seen = titlePattern.exec(lines.find((l) => titlePattern.test(l)) ?? '');
    writeFileSync(report, JSON.stringify({ numPassedTests: passed, numFailedTests: failed }));
    return { passed, failed, runtime: seen?.[1], mode: seen?.[2] };
  }
  if (!existsSync(report)) return { passed: 0, failed: 0 };
  const json = JSON.parse(readFileSync(report, 'utf8'));
  if (leg.kind === 'summary') {
    return { passed: json.numPassedTests, failed: json.numFailedTests, runtime: json.runtimeName, mode: json.syncMode };
  }
  const title = json.testResults?.[0]?.assertionResults?.[0]?.ancestorTitles?.[0] ?? '';
  const seen = titlePattern.exec(title);
  return {
    passed: json.numPassedTests ?? 0,
    failed: (json.numFailedTests ?? 0) + (json.numRuntimeErrorTestSuites ?? 0),
    runtime: seen?.[1],
    mode: seen?.[2],
  };
}

const started = performance.now();
// One `npm pack` for every leg that installs the tarball, so they all see the same package.
const packDir = mkdtempSync(join(tmpdir(), 'zmj-pack-'));
if (selected.some((l) => l.id === 'cjs' || l.id === 'esm')) process.env['ZMJ_PACKED'] = JSON.stringify(pack(packDir));
let failures = 0;
for (const leg of selected) {
  const report = join(reportDir, `${leg.kind === 'vitest' ? 'vitest-runtime' : 'runtime'}-${leg.id}.json`);
  rmSync(report, { force: true });
  const label = leg.label ?? leg.id;
  const missing = leg.missing?.() ?? '';
  const result = missing
    ? { status: 1, output: missing, seconds: 0 }
    : run(leg.kind === 'summary' ? [...leg.cmd, report] : leg.cmd, leg.kind === 'vitest' ? { RUNTIME_REPORT: report } : {});
  const seen = readLeg(leg, result, report);
  const problems = [];
  if (result.status !== 0) problems.push(`exit code ${result.status}`);
  if (seen.failed > 0) problems.push(`${seen.failed} failed`);
  if (seen.passed === 0) problems.push('no check ran');
  if (leg.name !== null) {
    const nameOk = typeof leg.name === 'string' ? seen.runtime === leg.name : leg.name.test(seen.runtime ?? '');
    if (!nameOk) problems.push(`ran on "${seen.runtime ?? '?'}", expected ${leg.name}`);
  }
  if (leg.sync !== null) {
    const expectedMode = leg.sync ? 'sync' : 'async only';
    if (seen.mode !== expectedMode) problems.push(`sync mode "${seen.mode ?? '?'}", expected "${expectedMode}"`);
  }
  const where = leg.name === null ? '' : ` [${seen.runtime ?? '?'}]`;
  const mode = leg.sync === null ? '' : `, ${seen.mode ?? '?'}`;
  const line = `runtime ${label}${where}: ${seen.passed} passed, ${seen.failed} failed${mode} (${result.seconds.toFixed(1)}s)`;
  if (problems.length === 0) {
    console.log(line);
  } else {
    failures++;
    console.log(`${line}  FAILED: ${problems.join('; ')}`);
    console.log(result.output.replace(/^/gm, '    | '));
    // A leg that died before reporting still has to count as a failure in the CI summary.
    if (seen.failed === 0) writeFileSync(report, JSON.stringify({ numPassedTests: seen.passed, numFailedTests: 1 }));
  }
}
const total = ((performance.now() - started) / 1000).toFixed(1);
console.log(`runtimes: ${selected.length - failures} of ${selected.length} legs green in ${total}s`);
if (!ci) rmSync(reportDir, { recursive: true, force: true });
rmSync(packDir, { recursive: true, force: true });
process.exit(failures > 0 ? 1 : 0);
