// @edge-runtime/vm, Vercel's edge sandbox. Node's process leaks into it, so sync still works here:
// the no-node:crypto path is proven by Chromium and bare workerd, not by this leg.
import { defineConfig } from 'vitest/config';
import { common, root } from './shared.config.js';

export default defineConfig({ root, test: { ...common, environment: 'edge-runtime' } });
