import { defineConfig } from 'vitest/config';

// Under CI every run also writes a JSON report that .ci/run turns into its closing line.
const reporters = process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest-node.json' }]] : ['default'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/runtimes/**', 'node_modules/**'],
    reporters: reporters as never,
    testTimeout: 30_000,
  },
});
