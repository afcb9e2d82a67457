// workerd with NO compatibility flag (so no nodejs_compat, no process, no node:crypto), driven
// through miniflare directly: @cloudflare/vitest-pool-workers always adds nodejs_compat, so this
// is the only leg where a Worker takes the WebCrypto path. The worker is bundled by esbuild from
// dist/, as wrangler would bundle the installed package.
// Prints one line per case and the JSON summary {numPassedTests,numFailedTests,syncMode} last.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = await build({
  entryPoints: [`${root}test/runtimes/worker.ts`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'error',
});
const script = bundle.outputFiles[0].text;
if (/from\s*["']node:|require\(["'](node:)?crypto/.test(script)) throw new Error('the worker bundle pulls in node:crypto statically');

const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-09-01', compatibilityFlags: [] });
let result;
try {
  const response = await mf.dispatchFetch('http://localhost/');
  result = await response.json();
} finally {
  await mf.dispose();
}

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
  console.log('  ✗ globalThis.process exists: this is not a bare workerd without compat flags');
}
for (const reason of result.unhandled) {
  failed++;
  console.log(`  ✗ unhandled rejection in the worker: ${reason}`);
}
const summary = { numPassedTests: passed, numFailedTests: failed, runtimeName: result.runtimeName, syncMode: result.syncMode };
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(summary));
console.log(JSON.stringify(summary));
process.exit(failed > 0 ? 1 : 0);
