import { afterEach, describe, expect, it } from 'vitest';
import { buildClaims, createSigner, createVerifier, decodeJwt, signJwt, signJwtSync, verifyJwt, verifyJwtSync, type VerifiedJwt } from '../src/index.js';
import { expectJwtError } from './helpers/jwt-error.js';
import { forge, KEY, NOW } from './support/forge.js';

// Prototype pollution elsewhere in the process (a vulnerable merge, a query-string parser) sets
// fields on Object.prototype. The library reads only the caller's own fields, so such a value
// never adds an email, moves an expiry or widens a tolerance.

const POLLUTED = ['email', 'emailVerified', 'name', 'externalId', 'expiresAt', 'expiresIn', 'now', 'clockTolerance', 'requireExp', 'maxTokenLength', 'kid', 'secret', 'exp', 'nbf', 'iat'];
const proto = Object.prototype as Record<string, unknown>;

function pollute(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    Object.defineProperty(Object.prototype, name, { value, configurable: true, writable: true, enumerable: false });
  }
}

afterEach(() => {
  for (const name of POLLUTED) delete proto[name];
});

const payloadOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;

describe('signing ignores inherited fields', () => {
  it('an inherited email and emailVerified never reach the token', async () => {
    pollute({ email: 'attacker@example.com', emailVerified: true, name: 'Mallory' });
    const expected = { scope: 'user', external_id: 'bob', exp: NOW + 600 };
    expect(buildClaims({ externalId: 'bob' }, { now: NOW })).toEqual(expected);
    expect(payloadOf(signJwtSync({ externalId: 'bob' }, KEY, { now: NOW }))).toEqual(expected);
    expect(payloadOf(await signJwt({ externalId: 'bob' }, KEY, { now: NOW }))).toEqual(expected);
    expect(payloadOf(createSigner(KEY, { now: NOW }).signSync({ externalId: 'bob' }))).toEqual(expected);
  });

  it('an inherited expiresAt, expiresIn or now does not move the expiry', () => {
    pollute({ expiresAt: 4_000_000_000, expiresIn: 86_400 * 365, now: 1 });
    expect(buildClaims({ externalId: 'bob' }, { now: NOW }).exp).toBe(NOW + 600);
    expect(payloadOf(createSigner(KEY, { now: NOW }).signSync({ externalId: 'bob' }, {})).exp).toBe(NOW + 600);
    const exp = buildClaims({ externalId: 'bob' }).exp as number;
    expect(Math.abs(exp - (Math.floor(Date.now() / 1000) + 600))).toBeLessThanOrEqual(1);
  });

  it('an inherited externalId, kid or secret is not a user or a key', () => {
    pollute({ externalId: 'admin', kid: KEY.kid, secret: KEY.secret });
    expectJwtError(() => buildClaims({} as never), 'ERR_CLAIM_INVALID', 'external_id');
    expectJwtError(() => signJwtSync({ externalId: 'bob' }, {} as never), 'ERR_KEY_INVALID');
    expectJwtError(() => createVerifier({} as never), 'ERR_KEY_INVALID');
  });

  it('an inherited exp is no misnamed option', () => {
    pollute({ exp: 1 });
    expect(buildClaims({ externalId: 'bob' }, { now: NOW }).exp).toBe(NOW + 600);
  });
});

describe('verifying ignores inherited fields', () => {
  it('an inherited clockTolerance does not let an expired token pass', async () => {
    const token = forge({ payload: `{"scope":"user","external_id":"bob","exp":${NOW - 60}}` });
    pollute({ clockTolerance: 1e9 });
    expectJwtError(() => verifyJwtSync(token, KEY, { now: NOW }), 'ERR_JWT_EXPIRED', 'exp');
    expectJwtError(() => createVerifier(KEY, { now: NOW }).verifySync(token, {}), 'ERR_JWT_EXPIRED', 'exp');
    await expect(verifyJwt(token, KEY, { now: NOW })).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('an inherited now, maxTokenLength or requireExp changes nothing', () => {
    const token = forge({ payload: '{"scope":"user","external_id":"bob"}' });
    pollute({ now: 1, maxTokenLength: 1, requireExp: true });
    expect(verifyJwtSync(token, KEY, { now: NOW }).user).toEqual({ externalId: 'bob' });
    expect(verifyJwtSync(token, KEY, {}).user).toEqual({ externalId: 'bob' });
  });

  it('inherited exp, nbf and iat are not claims of the token', () => {
    const token = forge({ payload: '{"scope":"user","external_id":"bob"}' });
    pollute({ exp: 1, nbf: 4_000_000_000, iat: 'yesterday' });
    expect(verifyJwtSync(token, KEY, { now: NOW, requireExp: false }).user).toEqual({ externalId: 'bob' });
    expectJwtError(() => verifyJwtSync(token, KEY, { now: NOW, requireExp: true }), 'ERR_CLAIM_INVALID', 'exp');
    expect(Object.hasOwn(decodeJwt(token).payload, 'exp')).toBe(false);
  });

  it('an inherited email and email_verified do not add an email to the user', () => {
    pollute({ email: 'attacker@example.com', emailVerified: true, email_verified: true });
    expect(verifyJwtSync(forge({ payload: '{"scope":"user","external_id":"bob"}' }), KEY, { now: NOW }).user).toEqual({ externalId: 'bob' });
    delete proto.email_verified;
  });
});

describe('iat: type-checked, never compared with now', () => {
  const withIat = (iat: string): string => forge({ payload: `{"scope":"user","external_id":"bob","iat":${iat}}` });

  it('refuses a non-integer iat and one in milliseconds, with claim iat', () => {
    for (const iat of ['"yesterday"', '{}', 'null', '1.5', '[]', 'true', String(NOW * 1000)]) {
      expectJwtError(() => verifyJwtSync(withIat(iat), KEY, { now: NOW }), 'ERR_CLAIM_INVALID', 'iat');
    }
  });

  it('accepts any whole seconds, past or future (jsonwebtoken writes iat; it decides nothing)', () => {
    for (const iat of [0, NOW - 86_400, NOW, NOW + 86_400]) {
      expect(verifyJwtSync(withIat(String(iat)), KEY, { now: NOW }).claims.iat).toBe(iat);
    }
  });
});

describe('VerifiedJwt.claims.email_verified is a boolean, as signed', () => {
  it('keeps email_verified: false in claims, and its type allows it', () => {
    const token = forge({ payload: '{"scope":"user","external_id":"bob","email":"b@example.com","email_verified":false}' });
    const verified: VerifiedJwt = verifyJwtSync(token, KEY, { now: NOW });
    // A type-level check as much as a run-time one: with `email_verified?: true` this did not compile.
    const flag: boolean | undefined = verified.claims.email_verified;
    const asSigned: false | undefined = verified.claims.email_verified === false ? false : undefined;
    expect(flag).toBe(false);
    expect(asSigned).toBe(false);
    expect(verified.user).toEqual({ externalId: 'bob' });
  });
});
