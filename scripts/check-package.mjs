// Checks the package as npm would publish it: publint --strict, attw (node10, node16 CJS and
// ESM, bundler: each must find JS and its own types), and no static `node:` import or
// require('crypto') in what the package entry loads — the one build must load in Workers and
// browsers as it is. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

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

// The library entry points (not a CLI, which may use Node freely) and every file they load must
// name no Node builtin: tsup rewrites 'node:crypto' to 'crypto', so bare builtin names count too.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entry = pkg.exports['.'];
const queue = [entry.import.default, entry.require.default, pkg.main, pkg.module].map((f) => join(root, f));
const builtins = new Set(builtinModules);
const specifiers = /\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']|\brequire\s*\(\s*["']([^"']+)["']/g;
const seen = new Set();
while (queue.length) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  if (!existsSync(file)) {
    failed = true;
    console.log(`✗ ${relative(root, file)} is missing: run npm run build first`);
    continue;
  }
  const bad = [];
  // Comments dropped first, so an @example that shows an import is not taken for one.
  const code = transformSync(readFileSync(file, 'utf8'), { loader: 'js', minifyWhitespace: true, legalComments: 'none' }).code;
  for (const match of code.matchAll(specifiers)) {
    const name = match.slice(1).find((m) => m !== undefined);
    if (name.startsWith('.')) queue.push(join(dirname(file), name));
    else if (name.startsWith('node:') || builtins.has(name)) bad.push(name);
    else bad.push(`${name} (a dependency: the package has none)`);
  }
  console.log(`${bad.length ? '✗' : '✓'} ${relative(root, file)}: no static import of Node builtins${bad.length ? ` — found ${bad.join(', ')}` : ''}`);
  if (bad.length) failed = true;
}
process.exit(failed ? 1 : 0);
