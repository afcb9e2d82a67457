import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import { FUZZ_SECRET, PII_MARK, runClaimsFuzz } from '../scripts/fuzz-claims-core.mjs';

// The short run of the sign-side fuzzer (the long one is `npm run fuzz -- --count 1000000`).
// A fixed seed keeps npm test reproducible; the long run takes a fresh seed each time.
const SEED = 20_261_127;

describe('sign-side fuzz (buildClaims, signJwtSync, signJwt, createSigner)', () => {
  it('10^4 arbitrary inputs: only JwtError escapes, no secret or personal data in any error text, invariants hold', async () => {
    const result = await runClaimsFuzz(lib, { count: 10_000, seed: SEED });
    expect(result.failures).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.iterations).toBe(10_000);
    // The run must reach both sides of every operation: successes (the round trip through
    // verifyJwtSync) as well as refusals, or the generator has drifted into testing nothing.
    for (const op of ['buildClaims', 'signJwtSync', 'createSigner', 'signJwt', 'signer.sign']) {
      expect(result.counts[`${op} ok`] ?? 0, `${op} ok`).toBeGreaterThan(10);
      expect(result.counts[`${op} ERR_CLAIM_INVALID`] ?? 0, `${op} ERR_CLAIM_INVALID`).toBeGreaterThan(10);
    }
    expect(result.counts['signJwtSync ERR_KEY_INVALID'] ?? 0).toBeGreaterThan(100);
    expect(result.counts['buildClaims ERR_OPTION_INVALID'] ?? 0).toBeGreaterThan(10);
  });

  // The fuzzer's own teeth: a library that breaks a rule must make it report a failure.
  describe('reports a broken library', () => {
    const run = (broken: Partial<typeof lib>) => runClaimsFuzz({ ...lib, ...broken }, { count: 300, seed: SEED });

    it('an error message that shows the secret', async () => {
      const result = await run({
        signJwtSync: (user, key, options) => {
          try {
            return lib.signJwtSync(user, key, options);
          } catch (error) {
            throw new lib.JwtError('ERR_KEY_INVALID', `bad key ${String((key as { secret?: unknown }).secret)}`);
          }
        },
      });
      expect(result.failed).toBeGreaterThan(0);
      expect(result.failures.map((f) => f.what)).toContain('leak of secret');
      expect(JSON.stringify(result.failures)).not.toContain(FUZZ_SECRET);
    });

    it('an error message that shows personal data', async () => {
      const result = await run({
        buildClaims: (user, options) => {
          try {
            return lib.buildClaims(user, options);
          } catch {
            throw new lib.JwtError('ERR_CLAIM_INVALID', `bad user ${JSON.stringify(String((user as { externalId?: unknown }).externalId))}`);
          }
        },
      });
      expect(result.failures.map((f) => f.what)).toContain('leak of personal data');
      expect(JSON.stringify(result.failures)).not.toContain(PII_MARK);
    });

    it('a TypeError escaping, sync or as a rejection', async () => {
      const result = await run({
        signJwtSync: () => {
          throw new TypeError('boom');
        },
        signJwt: async () => {
          throw new TypeError('boom');
        },
      });
      const whats = result.failures.map((f) => f.what);
      expect(whats).toContain('escape');
      expect(result.counts['signJwtSync FAILED']).toBeGreaterThan(0);
      expect(result.counts['signJwt FAILED']).toBeGreaterThan(0);
    });

    it('an async sign that throws instead of rejecting', async () => {
      const result = await run({
        signJwt: ((user: lib.MessagingUser, key: lib.SigningKey, options?: lib.ClaimOptions) => {
          const token = lib.signJwtSync(user, key, options);
          return Promise.resolve(token);
        }) as typeof lib.signJwt,
      });
      expect(result.failures.map((f) => f.what)).toContain('threw synchronously instead of rejecting');
    });

    it('claims that break a rule, and a token that does not verify back', async () => {
      const result = await run({
        buildClaims: (user, options) => ({ ...lib.buildClaims(user, options), scope: 'User' as 'user' }),
      });
      expect(result.failures.map((f) => f.what)).toContain('scope is not "user"');

      const unverifiable = await run({
        signJwtSync: (user, key, options) => `${lib.signJwtSync(user, key, options).slice(0, -2)}AA`,
      });
      expect(unverifiable.failures.some((f) => f.what.startsWith('the signed token does not verify: ERR_SIGNATURE_INVALID'))).toBe(true);
    });

    it('a bad key accepted, and an input modified', async () => {
      const lax = await run({
        createSigner: (key, defaults) => lib.createSigner({ kid: 'app_1', secret: FUZZ_SECRET }, defaults),
      });
      expect(lax.failures.map((f) => f.what)).toContain('bad key accepted');

      const meddling = await run({
        buildClaims: (user, options) => {
          const claims = lib.buildClaims(user, options);
          if (!Object.isFrozen(user)) (user as { name?: string }).name = 'changed';
          return claims;
        },
      });
      expect(meddling.failures.map((f) => f.what)).toContain('the input was modified');
    });
  });
});
