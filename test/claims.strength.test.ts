import { describe, expect, it } from 'vitest';
import { buildClaims, readVerifiedUser } from '../src/claims.js';
import { expectJwtError } from './helpers/jwt-error.js';

// Written from the surviving mutants of src/claims.ts (npm run mutate): messages are part of the
// contract ("say what to change"), so each field name and hint is pinned here, on both sides.
const NOW = 1_700_000_000;

describe('buildClaims: every message names the field the caller wrote', () => {
  it('externalId: the camelCase field, the bounds, and what was got', () => {
    expect(expectJwtError(() => buildClaims({ externalId: '' }), 'ERR_CLAIM_INVALID', 'external_id').message).toBe(
      'externalId must be a string of 1 to 255 characters; got 0 characters',
    );
    expect(expectJwtError(() => buildClaims({ externalId: 'x'.repeat(256) }), 'ERR_CLAIM_INVALID', 'external_id').message).toBe(
      'externalId must be a string of 1 to 255 characters; got 256 characters',
    );
    // The String(id) hint is for numbers only: for anything else it would be wrong advice.
    const notString = (value: unknown) => ({ externalId: value }) as unknown as { externalId: string };
    expect(expectJwtError(() => buildClaims(notString({ id: 1 })), 'ERR_CLAIM_INVALID', 'external_id').message).toBe(
      'externalId must be a string of 1 to 255 characters; got object',
    );
    expect(expectJwtError(() => buildClaims(notString(42)), 'ERR_CLAIM_INVALID', 'external_id').message).toBe(
      'externalId must be a string of 1 to 255 characters; got number: pass String(id)',
    );
  });

  it('name and email: "or null" on the signing side, where null means absent', () => {
    const user = (fields: Record<string, unknown>) => ({ externalId: 'u', ...fields }) as unknown as { externalId: string };
    expect(expectJwtError(() => buildClaims(user({ name: 7 })), 'ERR_CLAIM_INVALID', 'name').message).toBe(
      'name must be a string; got number',
    );
    expect(expectJwtError(() => buildClaims(user({ email: true })), 'ERR_CLAIM_INVALID', 'email').message).toBe(
      'email must be a string; got boolean',
    );
  });

  it('expiresAt, expiresIn and now: the option name and the number as given', () => {
    expect(expectJwtError(() => buildClaims({ externalId: 'u' }, { now: NOW, expiresAt: NOW + 0.5 }), 'ERR_CLAIM_INVALID', 'exp').message).toBe(
      `expiresAt must be integer epoch seconds; got ${NOW + 0.5}`,
    );
    expect(expectJwtError(() => buildClaims({ externalId: 'u' }, { now: NOW, expiresIn: 1.5 }), 'ERR_CLAIM_INVALID', 'exp').message).toBe(
      'expiresIn must be a positive integer or null; got 1.5',
    );
    expect(expectJwtError(() => buildClaims({ externalId: 'u' }, { now: NOW + 0.25 }), 'ERR_OPTION_INVALID').message).toBe(
      `now must be integer epoch seconds; got ${NOW + 0.25}`,
    );
  });

  it('expiresIn 0 is refused as an expiresIn, not as an exp that happens to equal now', () => {
    const error = expectJwtError(() => buildClaims({ externalId: 'u' }, { now: NOW, expiresIn: 0 }), 'ERR_CLAIM_INVALID', 'exp');
    expect(error.message).toBe('expiresIn must be a positive integer or null; got 0');
    expect(buildClaims({ externalId: 'u' }, { now: NOW, expiresIn: 1 }).exp).toBe(NOW + 1);
  });
});

describe('buildClaims: options', () => {
  it('null options are refused as such, not as an object whose reading threw', () => {
    const error = expectJwtError(() => buildClaims({ externalId: 'u' }, null as unknown as undefined), 'ERR_OPTION_INVALID', null);
    expect(error.message).toBe('options must be an object; got null');
    expect(error.cause).toBeUndefined();
  });

  it('a throwing options getter is wrapped with the thrown error as the cause', () => {
    const thrown = new Error('getter failed');
    const options = Object.defineProperty({}, 'now', {
      get() {
        throw thrown;
      },
    });
    const error = expectJwtError(() => buildClaims({ externalId: 'u' }, options), 'ERR_OPTION_INVALID', null);
    expect(error.message).toBe('options must be a plain object; got an error (the cause)');
    expect(error.cause).toBe(thrown);
  });
});

describe('buildClaims: external_id length counted in code points past 255 UTF-16 units', () => {
  // U+10000 is D800 DC00 and U+103FF is DBFF DFFF: the low surrogates at both ends of their range.
  for (const [what, char] of [
    ['U+10000 (low surrogate DC00)', '\u{10000}'],
    ['U+103FF (low surrogate DFFF)', '\u{103ff}'],
  ] as const) {
    it(`255 of ${what} pass, 256 do not`, () => {
      expect(buildClaims({ externalId: char.repeat(255) }, { now: NOW }).external_id).toBe(char.repeat(255));
      expect(expectJwtError(() => buildClaims({ externalId: char.repeat(256) }), 'ERR_CLAIM_INVALID', 'external_id').message).toBe(
        'externalId must be a string of 1 to 255 characters; got 256 characters',
      );
    });
  }
});

describe('readVerifiedUser: the verifying side names the JWT claims', () => {
  const payload = (fields: Record<string, unknown>) => ({ scope: 'user', external_id: 'u', ...fields });
  const read = (fields: Record<string, unknown>, requireExp = false) => () => readVerifiedUser(payload(fields), NOW, 0, requireExp);

  it('scope', () => {
    expect(expectJwtError(read({ scope: 'User' }), 'ERR_CLAIM_INVALID', 'scope').message).toBe(
      'scope must be "user"',
    );
  });

  it('external_id, name and email, with no "or null": null in a signed payload is a wrong type', () => {
    expect(expectJwtError(read({ external_id: 5 }), 'ERR_CLAIM_INVALID', 'external_id').message).toBe(
      'external_id must be a string of 1 to 255 characters; got number: pass String(id)',
    );
    expect(expectJwtError(read({ name: null }), 'ERR_CLAIM_INVALID', 'name').message).toBe('name must be a string; got null');
    expect(expectJwtError(read({ email: null }), 'ERR_CLAIM_INVALID', 'email').message).toBe('email must be a string; got null');
  });

  it('email_verified', () => {
    expect(expectJwtError(read({ email_verified: 'true' }), 'ERR_CLAIM_INVALID', 'email_verified').message).toBe(
      'email_verified must be a boolean; got string',
    );
  });

  it('exp and nbf: malformed, expired, required, not yet valid', () => {
    expect(expectJwtError(read({ exp: NOW + 0.5 }), 'ERR_CLAIM_INVALID', 'exp').message).toBe(
      `exp must be integer epoch seconds; got ${NOW + 0.5}`,
    );
    expect(expectJwtError(read({ nbf: 'soon' }), 'ERR_CLAIM_INVALID', 'nbf').message).toBe(
      'nbf must be integer epoch seconds; got string',
    );
    expect(expectJwtError(read({ exp: NOW }), 'ERR_JWT_EXPIRED', 'exp').message).toBe(
      `exp must be after now - clockTolerance (${NOW}); got ${NOW}`,
    );
    expect(expectJwtError(read({}, true), 'ERR_CLAIM_INVALID', 'exp').message).toBe(
      'exp must be present (requireExp): sign with an expiry',
    );
    expect(expectJwtError(read({ nbf: NOW + 1 }), 'ERR_JWT_NOT_YET_VALID', 'nbf').message).toBe(
      `nbf must be at most now + clockTolerance (${NOW}); got ${NOW + 1}`,
    );
  });
});
