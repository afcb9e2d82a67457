// Wraps the framework-free smoke set for vitest and for `bun test` (which maps 'vitest' to its own runner).
import { describe, it } from 'vitest';
import { runtimeName, smokeCases, syncMode } from './cases.js';

describe(`runtime smoke on ${runtimeName} (${syncMode})`, () => {
  for (const c of smokeCases) it(c.name, () => c.run());
});
