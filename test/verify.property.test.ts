import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVerifier, decodeJwt, JwtError, signJwtSync, type MessagingUser } from '../src/index.js';
import { KEY, NOW, OLD_KEY } from './support/forge.js';

const verifier = createVerifier([KEY, OLD_KEY], { now: NOW });
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Strings that can be sent: well-formed Unicode. */
const wellFormed = (unit: 'grapheme' | 'binary', maxLength: number) =>
  fc.string({ unit, maxLength }).filter((s) => s.isWellFormed());
const codePoints = (s: string): number => [...s].length;

const externalId = fc
  .oneof(wellFormed('grapheme', 60), wellFormed('binary', 255), fc.stringMatching(/^[0-9a-f-]{1,64}$/))
  .filter((s) => codePoints(s) >= 1 && codePoints(s) <= 255);
const someString = fc.oneof(wellFormed('grapheme', 40), wellFormed('binary', 40));

const user: fc.Arbitrary<MessagingUser> = fc.record(
  {
    externalId,
    name: fc.option(someString, { nil: null }),
    email: fc.option(someString, { nil: null }),
    emailVerified: fc.option(fc.boolean(), { nil: null }),
  },
  { requiredKeys: ['externalId'] },
);

const validToken = fc
  .tuple(user, fc.constantFrom(KEY, OLD_KEY), fc.option(fc.integer({ min: 1, max: 10 ** 6 }), { nil: null }))
  .map(([u, key, expiresIn]) => signJwtSync(u, key, { now: NOW, expiresIn }));

/** Run verify and report only what escaped: a JwtError code, or the offending non-JwtError. */
function outcome(token: unknown): string {
  try {
    verifier.verifySync(token as string);
    return 'accepted';
  } catch (error) {
    if (error instanceof JwtError) return error.code;
    throw error;
  }
}

describe('verify, over the space of inputs', () => {
  it('round-trips any valid user signed by any key of the ring', () => {
    fc.assert(
      fc.property(user, fc.constantFrom(KEY, OLD_KEY), (u, key) => {
        const { header, claims, user: read } = verifier.verifySync(signJwtSync(u, key, { now: NOW }));
        expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: key.kid });
        expect(claims.external_id).toBe(u.externalId);
        expect(claims.exp).toBe(NOW + 600);
        const expected: MessagingUser = { externalId: u.externalId };
        if (u.name !== undefined && u.name !== null) expected.name = u.name;
        if (u.emailVerified === true && u.email !== undefined && u.email !== null) {
          expected.email = u.email;
          expected.emailVerified = true;
        }
        expect(read).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any single changed character with a JwtError', () => {
    fc.assert(
      fc.property(validToken, fc.nat(), fc.integer({ min: 0, max: 65535 }), (token, at, code) => {
        const i = at % token.length;
        const replacement = String.fromCharCode(code);
        fc.pre(replacement !== token[i]);
        const changed = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(outcome(changed)).not.toBe('accepted');
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses any single changed base64url character (the hard case: the alphabet stays valid)', () => {
    fc.assert(
      fc.property(validToken, fc.nat(), fc.constantFrom(...ALPHABET), (token, at, replacement) => {
        const i = at % token.length;
        fc.pre(replacement !== token[i] && token[i] !== '.');
        const changed = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(outcome(changed)).not.toBe('accepted');
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses any single added character', () => {
    fc.assert(
      fc.property(validToken, fc.nat(), fc.oneof(fc.constantFrom(...ALPHABET, '.', '=', ' '), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })), (token, at, added) => {
        const i = at % (token.length + 1);
        const changed = token.slice(0, i) + added + token.slice(i);
        expect(outcome(changed)).not.toBe('accepted');
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses any single removed character', () => {
    fc.assert(
      fc.property(validToken, fc.nat(), (token, at) => {
        const i = at % token.length;
        expect(outcome(token.slice(0, i) + token.slice(i + 1))).not.toBe('accepted');
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses every single-character change, exhaustively, for one token', () => {
    const token = signJwtSync({ externalId: 'user-42', name: 'Jane', email: 'j@example.com', emailVerified: true }, KEY, { now: NOW });
    for (let i = 0; i < token.length; i++) {
      for (const c of `${ALPHABET}.`) {
        if (c === token[i]) continue;
        expect(outcome(token.slice(0, i) + c + token.slice(i + 1))).not.toBe('accepted');
      }
      expect(outcome(token.slice(0, i) + token.slice(i + 1))).not.toBe('accepted');
    }
  });

  it('refuses a token truncated anywhere', () => {
    fc.assert(
      fc.property(validToken, fc.nat(), (token, at) => {
        expect(outcome(token.slice(0, at % token.length))).not.toBe('accepted');
      }),
      { numRuns: 1000 },
    );
  });

  it('lets only JwtError escape, for arbitrary strings', () => {
    const arbitraryToken = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.')),
      fc.tuple(fc.json(), fc.json(), fc.stringMatching(/^[A-Za-z0-9_-]{0,50}$/)).map(
        ([h, p, s]) => `${Buffer.from(h).toString('base64url')}.${Buffer.from(p).toString('base64url')}.${s}`,
      ),
    );
    fc.assert(
      fc.property(arbitraryToken, (token) => {
        expect(outcome(token)).not.toBe('accepted');
        try {
          decodeJwt(token);
        } catch (error) {
          expect(error).toBeInstanceOf(JwtError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('lets only JwtError escape, for any mutation of a valid token, async too', async () => {
    await fc.assert(
      fc.asyncProperty(
        validToken,
        fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 3 }), fc.nat({ max: 3 })), { minLength: 1, maxLength: 4 }),
        async (token, edits) => {
          let changed = token;
          for (const [at, text, remove] of edits) {
            const i = at % (changed.length + 1);
            changed = changed.slice(0, i) + text + changed.slice(i + remove);
          }
          fc.pre(changed !== token);
          expect(outcome(changed)).not.toBe('accepted');
          await expect(verifier.verify(changed)).rejects.toBeInstanceOf(JwtError);
        },
      ),
      { numRuns: 500 },
    );
  });
});
