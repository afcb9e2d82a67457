// workerd through the Cloudflare pool. The pool always adds nodejs_compat (so sync works here);
// runtimes/scripts/miniflare.mjs covers workerd without any compat flag.
// Its root is runtimes/, not the repository: the pool resolves 'vitest' from its root, and only
// runtimes/node_modules has the vitest that runs it (dist/ is still read from ../dist).
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { common } from './shared.config.js';

const here = fileURLToPath(new URL('../', import.meta.url));

export default defineConfig({
  root: here,
  plugins: [cloudflareTest({ miniflare: { compatibilityDate: '2025-09-01', compatibilityFlags: ['nodejs_compat'] } })],
  test: { ...common, root: here, include: ['test/smoke.test.ts'] },
});
