// Types for the verify-side fuzzer shared by scripts/fuzz.mjs and test/fuzz.test.ts.
export declare const NOW: number;
export declare const KEYS: readonly { kid: string; secret: string | Uint8Array }[];
export declare const CODES: readonly string[];

export interface VerifyFuzzFailure {
  iteration: number;
  /** Which generator made the input. */
  kind: string;
  what: string;
  /** The token, JSON-escaped (cut at 400 characters). */
  input: string;
  options: string | undefined;
  error?: string;
}

export interface VerifyFuzzResult {
  /** Iterations by outcome: each JwtError code, `accepted`, and `NOT A JwtError` / `UNKNOWN CODE` on failure. */
  counts: Record<string, number>;
  /** The same, per generator. */
  byGenerator: Record<string, Record<string, number>>;
  failures: VerifyFuzzFailure[];
  failed: number;
  iterations: number;
}

export declare function runVerifyFuzz(
  lib: typeof import('../src/index.js'),
  options: { count: number; seed: number; only?: number; maxFailures?: number; onProgress?: (done: number, failed: number) => void },
): VerifyFuzzResult;
