// Runs the smoke set without a test framework, for runtimes driven from outside (bare workerd,
// EdgeVM): the caller bundles this file with dist/ and reads the plain-data result.
import { runtimeName, smokeCases, syncMode } from './cases.js';

export interface SmokeResult {
  readonly runtimeName: string;
  readonly syncMode: 'sync' | 'async only';
  /** Whether a `process` global exists: it must not in a bare Worker or Edge sandbox. */
  readonly hasProcess: boolean;
  readonly outcomes: readonly { readonly name: string; readonly error?: string }[];
}

export async function runAll(): Promise<SmokeResult> {
  const outcomes: { name: string; error?: string }[] = [];
  for (const c of smokeCases) {
    try {
      await c.run();
      outcomes.push({ name: c.name });
    } catch (error) {
      outcomes.push({ name: c.name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  const hasProcess = typeof (globalThis as { process?: unknown }).process !== 'undefined';
  return { runtimeName, syncMode, hasProcess, outcomes };
}
