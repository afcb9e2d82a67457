// Types for the sign-side fuzzer shared by scripts/fuzz-claims.mjs and test/fuzz-claims.test.ts.
export declare const SECRET_MARK: string;
export declare const FUZZ_SECRET: string;
export declare const PII_MARK: string;

export interface ClaimsFuzzFailure {
  iteration: number;
  what: string;
  label: string;
  error?: string;
}

export interface ClaimsFuzzResult {
  /** Iterations by outcome: `${operation} ok`, `${operation} ${code}`, or `${operation} FAILED`. */
  counts: Record<string, number>;
  failures: ClaimsFuzzFailure[];
  failed: number;
  iterations: number;
}

export declare function runClaimsFuzz(
  lib: typeof import('../src/index.js'),
  options: { count: number; seed: number; only?: number; maxFailures?: number; onProgress?: (done: number, failed: number) => void },
): Promise<ClaimsFuzzResult>;
