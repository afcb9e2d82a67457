import { defineConfig } from 'vitest/config';

// Under CI every run also writes a JSON report that .ci/run turns into its closing line.
const reporters = process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest-node.json' }]] : ['default'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // *.browser.test.ts run in Chromium through their own config (test/widget.browser.config.ts).
    exclude: ['test/runtimes/**', 'test/**/*.browser.test.ts', 'node_modules/**'],
    reporters: reporters as never,
    testTimeout: 30_000,
    // Active with --coverage (npm test): every line and branch of the library must be run by a test.
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      // cli.ts is tested end to end through child processes running dist/cli.js, which v8 in this
      // process cannot see; index.ts only re-exports.
      exclude: ['src/cli.ts', 'src/index.ts'],
      reporter: ['text'],
      thresholds: { lines: 100, branches: 100, functions: 100, statements: 100 },
    },
  },
});
