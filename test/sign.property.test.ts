import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildClaims, type ClaimOptions, type MessagingUser } from '../src/claims.js';
import { createSigner, signJwt, signJwtSync } from '../src/sign.js';
import { verifyJwtSync } from '../src/verify.js';
import {
  claimOptions,
  expectedFault,
  externalIdCandidate,
  independentToken,
  loneSurrogate,
  signingKey,
  text,
  user as anyUser,
} from './helpers/arbitraries.js';
import { assertJwtError, expectJwtError, rejected } from './helpers/jwt-error.js';

const NOW = 1_700_000_000;
const KEY = { kid: 'app_property', secret: 'property-test-secret-of-32-bytes!' };
const withNow = (options: ClaimOptions): ClaimOptions & { now: number } => ({ ...options, now: options.now ?? NOW });

describe('signing properties', () => {
  it('every token is exactly the independent JSON.stringify + Buffer + createHmac computation, or a refusal naming the bad field', async () => {
    await fc.assert(
      fc.asyncProperty(anyUser, signingKey, claimOptions, async (user, key, options) => {
        const fault = expectedFault(user);
        if (fault === undefined) {
          const expected = independentToken(user, key, withNow(options));
          expect(signJwtSync(user, key, options)).toBe(expected);
          expect(await signJwt(user, key, options)).toBe(expected);
        } else {
          expectJwtError(() => signJwtSync(user, key, options), 'ERR_CLAIM_INVALID', fault);
          assertJwtError(await rejected(signJwt(user, key, options)), 'ERR_CLAIM_INVALID', fault);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('external_id is accepted exactly when it has 1 to 255 code points', () => {
    fc.assert(
      fc.property(externalIdCandidate, (externalId) => {
        const points = [...externalId].length;
        if (points >= 1 && points <= 255) {
          expect(buildClaims({ externalId }, { now: NOW }).external_id).toBe(externalId);
        } else {
          expectJwtError(() => buildClaims({ externalId }, { now: NOW }), 'ERR_CLAIM_INVALID', 'external_id');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a lone surrogate in externalId, name or email is always refused, naming the claim', () => {
    const field = fc.constantFrom(['externalId', 'external_id'], ['name', 'name'], ['email', 'email']);
    fc.assert(
      fc.property(loneSurrogate, field, fc.boolean(), (broken, [key, claim], emailVerified) => {
        const user = { externalId: 'u', emailVerified, [key]: broken } as MessagingUser;
        expectJwtError(() => signJwtSync(user, KEY, { now: NOW }), 'ERR_CLAIM_INVALID', claim);
      }),
    );
  });

  it('email (with email_verified: true) is in the payload exactly when emailVerified === true and an email is given', () => {
    const email = fc.option(text(), { nil: null });
    const verified = fc.constantFrom(true, false, null, undefined);
    fc.assert(
      fc.property(email, verified, fc.boolean(), (emailValue, emailVerified, omitEmail) => {
        const user = { externalId: 'u', emailVerified, ...(omitEmail ? {} : { email: emailValue }) } as MessagingUser;
        const claims = buildClaims(user, { now: NOW });
        const present = emailVerified === true && !omitEmail && typeof emailValue === 'string';
        expect('email' in claims).toBe(present);
        expect('email_verified' in claims).toBe(present);
        if (present) expect([claims.email, claims.email_verified]).toEqual([emailValue, true]);
      }),
      { numRuns: 300 },
    );
  });

  it('a wrongly typed email or emailVerified is refused whether or not it would be sent', () => {
    const notBoolean = fc.oneof(fc.constantFrom('true', 'false', 1, 0), fc.string(), fc.integer(), fc.object());
    const notString = fc.oneof(fc.integer(), fc.boolean(), fc.object(), fc.array(fc.string()));
    fc.assert(
      fc.property(notBoolean, fc.option(text(), { nil: null }), (emailVerified, email) => {
        const user = { externalId: 'u', email, emailVerified } as unknown as MessagingUser;
        expectJwtError(() => buildClaims(user, { now: NOW }), 'ERR_CLAIM_INVALID', 'email_verified');
      }),
    );
    fc.assert(
      fc.property(notString, fc.constantFrom(true, false, null, undefined), (email, emailVerified) => {
        const user = { externalId: 'u', email, emailVerified } as unknown as MessagingUser;
        expectJwtError(() => buildClaims(user, { now: NOW }), 'ERR_CLAIM_INVALID', 'email');
      }),
    );
  });

  it('never mutates the caller\'s user, key or options (and accepts them frozen)', async () => {
    await fc.assert(
      fc.asyncProperty(anyUser, signingKey, claimOptions, async (user, key, options) => {
        fc.pre(expectedFault(user) === undefined);
        const before = structuredClone({ user, key, options });
        const frozen = { user: Object.freeze({ ...user }), key: Object.freeze({ ...key }), options: Object.freeze({ ...options }) };
        const token = signJwtSync(user, key, options);
        await signJwt(user, key, options);
        const signer = createSigner(key, options);
        await signer.sign(user, options);
        signer.signSync(user);
        expect({ user, key, options }).toEqual(before);
        expect(signJwtSync(frozen.user, frozen.key, frozen.options)).toBe(token);
      }),
      { numRuns: 100 },
    );
  });

  it('the same input gives the same token, by every route', async () => {
    await fc.assert(
      fc.asyncProperty(anyUser, signingKey, claimOptions, async (user, key, options) => {
        fc.pre(expectedFault(user) === undefined);
        const token = signJwtSync(user, key, options);
        const copy = structuredClone({ user, key, options });
        expect(signJwtSync(copy.user, copy.key, copy.options)).toBe(token);
        expect(await signJwt(copy.user, copy.key, copy.options)).toBe(token);
        expect(createSigner(copy.key, copy.options).signSync(copy.user)).toBe(token);
        expect(await createSigner(copy.key).sign(copy.user, copy.options)).toBe(token);
      }),
      { numRuns: 100 },
    );
  });

  it('our own verifier reads back exactly the claims that were built', () => {
    fc.assert(
      fc.property(anyUser, signingKey, claimOptions, (user, key, options) => {
        fc.pre(expectedFault(user) === undefined);
        const token = signJwtSync(user, key, options);
        const verified = verifyJwtSync(token, key, { now: withNow(options).now });
        expect(verified.claims).toEqual(buildClaims(user, options));
        expect(verified.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: key.kid });
      }),
      { numRuns: 200 },
    );
  });
});
