import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import { runVerifyFuzz } from '../scripts/fuzz-verify-core.mjs';

// The short run of the verify-side fuzzer (the long one: `npm run fuzz`, 10^6 iterations).
// A fixed seed keeps npm test reproducible; the long run takes a fresh seed unless given one.
const SEED = 20_261_127;

describe('verify-side fuzz (verifyJwtSync)', () => {
  it('10^4 random and mutated tokens: only JwtError escapes, nothing forged is accepted, accepted tokens hold every rule', () => {
    const result = runVerifyFuzz(lib, { count: 10_000, seed: SEED });
    expect(result.failures).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.iterations).toBe(10_000);
    // The run must reach every stage of verify, or the generators have drifted into testing nothing.
    for (const code of [
      'ERR_JWT_MALFORMED',
      'ERR_JWT_UNSUPPORTED',
      'ERR_KID_UNKNOWN',
      'ERR_SIGNATURE_INVALID',
      'ERR_CLAIM_INVALID',
      'ERR_JWT_EXPIRED',
      'ERR_OPTION_INVALID',
      'accepted',
    ]) {
      expect(result.counts[code] ?? 0, code).toBeGreaterThan(10);
    }
    expect(result.counts.ERR_JWT_NOT_YET_VALID ?? 0).toBeGreaterThan(0);
  });

  it('replays one iteration alone with the same outcome', () => {
    const all = runVerifyFuzz(lib, { count: 50, seed: SEED });
    const again = Array.from({ length: 50 }, (_, i) => runVerifyFuzz(lib, { count: 0, seed: SEED, only: i }).counts);
    const summed: Record<string, number> = {};
    for (const counts of again) for (const [k, n] of Object.entries(counts)) summed[k] = (summed[k] ?? 0) + n;
    expect(summed).toEqual(all.counts);
  });

  // The fuzzer's own teeth: a library that breaks a rule must make it report a failure.
  describe('reports a broken library', () => {
    const run = (verifyJwtSync: typeof lib.verifyJwtSync) => runVerifyFuzz({ ...lib, verifyJwtSync }, { count: 500, seed: SEED });

    it('a TypeError escaping', () => {
      const result = run((token, keys, options) => {
        if (token.includes('%')) throw new TypeError('boom');
        return lib.verifyJwtSync(token, keys, options);
      });
      expect(result.failures.map((f) => f.what)).toContain('a non-JwtError escaped');
      expect(result.counts['NOT A JwtError'] ?? 0).toBeGreaterThan(0);
    });

    it('claims read before the signature', () => {
      const result = run((token, keys, options) => {
        try {
          return lib.verifyJwtSync(token, keys, options);
        } catch (error) {
          if (lib.JwtError.is(error) && error.code === 'ERR_SIGNATURE_INVALID') throw new lib.JwtError('ERR_CLAIM_INVALID', 'read first');
          throw error;
        }
      });
      expect(result.failures.some((f) => f.what.includes('the payload was read before the signature'))).toBe(true);
    });

    it('alg none accepted', () => {
      const result = run((token, keys, options) => {
        try {
          return lib.verifyJwtSync(token, keys, options);
        } catch (error) {
          if (lib.JwtError.is(error) && error.code === 'ERR_JWT_UNSUPPORTED') {
            const { header, payload } = lib.decodeJwt(token);
            return { header, claims: payload, user: { externalId: String(payload.external_id) } } as ReturnType<typeof lib.verifyJwtSync>;
          }
          throw error;
        }
      });
      expect(result.failures.some((f) => f.what.startsWith('accepted, but'))).toBe(true);
    });

    it('an expired token accepted (exp compared with < instead of <=)', () => {
      const result = run((token, keys, options) => {
        try {
          return lib.verifyJwtSync(token, keys, options);
        } catch (error) {
          if (lib.JwtError.is(error) && error.code === 'ERR_JWT_EXPIRED') {
            const { header, payload } = lib.decodeJwt(token);
            return { header, claims: payload, user: { externalId: String(payload.external_id) } } as ReturnType<typeof lib.verifyJwtSync>;
          }
          throw error;
        }
      });
      expect(result.failures.map((f) => f.what)).toContain('accepted, but bad or expired exp');
    });
  });
});
