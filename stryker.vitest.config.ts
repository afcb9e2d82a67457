import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The vitest config Stryker runs (npm run mutate): the project's own, less the suites that test the
// built package or the docs through child processes (dist/cli.js, the examples' servers, the guides'
// snippets). What they check runs from dist/ or docs/, never from a mutated src file, so they cannot
// kill a mutant; and in Stryker's sandbox copy dist/cli.js loses its executable bit (which
// test/cli.test.ts rightly checks) and docs/ is not there to compare.
export default mergeConfig(
  base,
  defineConfig({ test: { exclude: ['test/cli.test.ts', 'test/examples.test.ts', 'test/docs.test.ts'] } }),
);
