import fc from 'fast-check';

// Stryker reruns every property that covers a mutant, once per mutant. A broken rule shows up in
// the first few generated cases (the mutants these properties kill fail on nearly every input), so
// under Stryker a property draws 25 cases instead of 100. Properties that name their own numRuns
// keep it. STRYKER_MUTATOR_WORKER is set by Stryker in its worker processes, never by `npm test`.
if (process.env.STRYKER_MUTATOR_WORKER !== undefined) fc.configureGlobal({ numRuns: 25 });
