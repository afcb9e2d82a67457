// Node (any version) and Deno: the plain environment, node:crypto through process.getBuiltinModule.
import { defineConfig } from 'vitest/config';
import { common, root } from './shared.config.js';

export default defineConfig({ root, test: { ...common, environment: 'node' } });
