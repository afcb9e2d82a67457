import { defineConfig } from 'tsup';

export default defineConfig({
  // cli.ts is its own bundle (no shared chunk, so dist/index.* never pulls in Node-only code).
  entry: ['src/index.ts', 'src/cli.ts'],
  splitting: false,
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  platform: 'neutral',
  target: 'es2022',
  clean: true,
  treeshake: true,
  sourcemap: false,
});
