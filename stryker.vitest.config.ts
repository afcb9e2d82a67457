import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The vitest config Stryker runs (npm run mutate): the project's own, less the suites that test the
// built package or the docs through child processes (dist/cli.js, the examples' servers, the guides'
// snippets), or read the docs (their links; their TypeScript blocks, compiled, never run). What they
// check runs from dist/ or docs/, never from a mutated src file, so they cannot kill a mutant; and
// in Stryker's sandbox copy dist/cli.js loses its executable bit (which test/cli.test.ts rightly
// checks) and docs/ is not there to compare.
// Also left out, for speed: the 10^4-iteration fuzzers and the interop suites (jsonwebtoken, jose,
// PyJWT and ruby-jwt in child processes). They cover nearly every mutant, so each mutant paid for
// them, while the unit, adversarial, property and strength suites kill the same mutants (src/hmac.ts
// run both ways: the same 5 survivors; 85 s -> 68 s, dry run 7.2 s -> 2.8 s of tests).
// The setup file draws fewer fast-check cases per property under Stryker (see the file).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/cli.test.ts',
        'test/examples.test.ts',
        'test/docs.test.ts',
        'test/links.test.ts',
        'test/snippets.test.ts',
        'test/fuzz.test.ts',
        'test/fuzz-claims.test.ts',
        'test/sign.interop.test.ts',
        'test/verify.interop.test.ts',
      ],
      setupFiles: ['test/helpers/stryker-setup.ts'],
    },
  }),
);
