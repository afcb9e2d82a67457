// workerd with NO compatibility flag (so no nodejs_compat, no process, no node:crypto), driven
// through miniflare directly: @cloudflare/vitest-pool-workers always adds nodejs_compat, so this
// is the only leg where a Worker takes the WebCrypto path. The worker is bundled by esbuild from
// dist/, as wrangler would bundle the installed package. Usage: miniflare.mjs [report.json]
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { summarize } from './summarize.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = await build({
  entryPoints: [`${root}runtimes/test/worker.ts`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'error',
});
const script = bundle.outputFiles[0].text;

const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-09-01', compatibilityFlags: [] });
let result;
try {
  result = await (await mf.dispatchFetch('http://localhost/')).json();
} finally {
  await mf.dispose();
}
process.exit(summarize(result, process.argv[2]));
