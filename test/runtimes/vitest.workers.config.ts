// workerd through the Cloudflare pool. The pool always adds nodejs_compat (so sync works here);
// scripts/runtimes/miniflare.mjs covers workerd without any compat flag.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { common, root } from './shared.config.js';

export default defineConfig({
  root,
  plugins: [cloudflareTest({ miniflare: { compatibilityDate: '2025-09-01', compatibilityFlags: ['nodejs_compat'] } })],
  test: common,
});
