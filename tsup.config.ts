import { defineConfig } from 'tsup';

// Three bundles, built side by side: the library (ESM + CJS + types, platform neutral for edge
// runtimes), the browser widget helper (its own files, so it can never share a chunk with the
// signing code), and the Node-only CLI (ESM only, its own file, so dist/index.* never pulls it in).
// Neither cleans dist/: they build in parallel, and `npm run build` empties dist/ first.
export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'neutral',
    target: 'es2022',
    clean: false,
    treeshake: true,
    sourcemap: false,
  },
  {
    entry: ['src/widget.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'browser',
    target: 'es2022',
    clean: false,
    treeshake: true,
    sourcemap: false,
  },
  {
    entry: ['src/cli.ts'],
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    clean: false,
    treeshake: true,
    sourcemap: false,
  },
]);
