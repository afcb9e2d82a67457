// Vercel's Edge sandbox as @edge-runtime/vm builds it, used directly: unlike vitest's
// 'edge-runtime' environment (where Node's process leaks in and node:crypto is found), this
// context has no process, so the WebCrypto path and ERR_RUNTIME_UNSUPPORTED are what run, as on
// Vercel Edge. The smoke set is bundled from dist/ by esbuild. Usage: edge-vm.mjs [report.json]
import { fileURLToPath } from 'node:url';
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { summarize } from './summarize.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = await build({
  entryPoints: [`${root}runtimes/test/run-all.ts`],
  bundle: true,
  format: 'iife',
  globalName: '__smoke',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'error',
});
const vm = new EdgeVM();
vm.evaluate(bundle.outputFiles[0].text);
// Copied out as JSON: objects from the sandbox's realm are not the host's.
const result = JSON.parse(await vm.evaluate('__smoke.runAll().then((r) => JSON.stringify(r))'));
process.exit(summarize(result, process.argv[2]));
