import { fileURLToPath } from 'node:url';

/** Settings every runtime leg shares: only the smoke set, and a JSON report where the orchestrator asks for one. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
const report = process.env['RUNTIME_REPORT'];
export const common = {
  root,
  include: ['runtimes/test/smoke.test.ts'],
  reporters: (report ? ['default', ['json', { outputFile: report }]] : ['default']) as never,
  testTimeout: 30_000,
};
