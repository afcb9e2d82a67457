// The example servers on Deno, Bun and workerd (runtimes/test/examples.test.ts), driven from Node.
import { defineConfig } from 'vitest/config';
import { common, root } from './shared.config.js';

export default defineConfig({ root, test: { ...common, include: ['runtimes/test/examples.test.ts'], environment: 'node', testTimeout: 60_000 } });
