// Mutation testing over the library core: `npm run mutate`. The run fails below a 90% mutation
// score, counted over every mutant: src/ carries no `Stryker disable` comments. Stryker cannot
// exclude a single mutant from its config, so the mutants that no test can kill (equivalent: the
// program behaves the same, or a tool limit) are listed with their reason in test/EQUIVALENT_MUTANTS.md, and they
// count as survivors in the score. Run one file with `npm run mutate -- --mutate src/claims.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  // related: for each mutant, vitest runs only the test files that import the mutated file.
  vitest: { configFile: 'stryker.vitest.config.ts', related: true },
  // A mutant that does not compile is not a test gap: tsc sorts them out before any test runs.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // index.ts only re-exports. cli.ts is tested through child processes running dist/cli.js,
  // which never load a mutated src file: every mutant there would survive whatever the tests say.
  // handler.ts: test/handler.test.ts reads its source text to prove it uses only Fetch globals, and
  // Stryker's instrumented copy (full of `process.` and `global`) fails that check in the dry run.
  mutate: ['src/**/*.ts', '!src/index.ts', '!src/cli.ts', '!src/handler.ts'],
  coverageAnalysis: 'perTest',
  // The machine has 2 cores.
  concurrency: 2,
  // An infinite-loop mutant costs timeoutMS plus a worker restart: keep it short, the machine is small.
  timeoutMS: 5_000,
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
