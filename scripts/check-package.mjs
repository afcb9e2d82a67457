// Checks the package as npm would publish it: publint --strict, attw (node10, node16 CJS and
// ESM, bundler: each must find JS and its own types), and no static `node:` import or
// require('crypto') in dist/ — the one build must load in Workers and browsers as it is.
// Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = false;

function step(name, cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  const ok = result.status === 0;
  console.log(`${ok ? '✓' : '✗'} ${name}`);
  if (!ok) {
    failed = true;
    console.log(`${result.stdout}${result.stderr}${result.error?.message ?? ''}`.replace(/^/gm, '    | '));
  }
}

step('publint --strict', bin('publint'), ['--strict']);
// Every resolution mode must resolve, and to types of the matching module kind.
step('attw --pack (node10, node16 CJS, node16 ESM, bundler)', bin('attw'), ['--pack', '--format', 'table-flipped']);

const dist = join(root, 'dist');
const built = readdirSync(dist).filter((f) => /\.(c?js)$/.test(f));
const forbidden = [
  [/\bfrom\s*["'](node:[\w/]+|crypto)["']/, 'static import from node:/crypto'],
  [/\bimport\s*["']node:/, 'side-effect import of node:'],
  [/\bimport\s*\(\s*["'](node:|crypto["'])/, 'dynamic import of node:/crypto (bundlers follow it)'],
  [/\brequire\s*\(\s*["'](node:|crypto["'])/, 'require of node:/crypto'],
];
if (built.length < 2) {
  failed = true;
  console.log(`✗ dist/ holds ${built.join(', ') || 'nothing'}: run npm run build first`);
}
for (const file of built) {
  const text = readFileSync(join(dist, file), 'utf8');
  const hits = forbidden.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
  console.log(`${hits.length ? '✗' : '✓'} dist/${file}: no static node: import${hits.length ? ` — found ${hits.join(', ')}` : ''}`);
  if (hits.length) failed = true;
}
process.exit(failed ? 1 : 0);
