import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, utf8Decode } from '../src/base64url.js';
import type { JwtErrorCode } from '../src/errors.js';
import * as api from '../src/index.js';
import { assertJwtError, thrown } from './helpers/jwt-error.js';
import { b64, forge, KEY, NOW } from './support/forge.js';

// Written from the surviving mutants of the size rewrite (issue 5), where every message became
// '<field> must <rule>; got <got>: <fix>': each refusal's message, whole, so that an emptied field,
// rule, got or fix shows; and whether the engine's error is kept as the cause.

const S = 'x'.repeat(40);

const cases: [string, () => unknown, JwtErrorCode, string, 'cause'?][] = [
  ['base64url input not a string', () => base64urlDecode(5 as never), 'ERR_JWT_MALFORMED', 'base64url input must be a string; got number'],
  ['base64url length 1 mod 4', () => base64urlDecode('AAAAA'), 'ERR_JWT_MALFORMED', 'base64url text must be canonical base64url (A-Z a-z 0-9 - _, no padding)'],
  ['base64url stray bits', () => base64urlDecode('AB'), 'ERR_JWT_MALFORMED', 'base64url text must be canonical base64url (A-Z a-z 0-9 - _, no padding)'],
  ['base64url bad character', () => base64urlDecode('AA*A'), 'ERR_JWT_MALFORMED', 'base64url text must be canonical base64url (A-Z a-z 0-9 - _, no padding)'],
  ['base64url bad first character', () => base64urlDecode('*AAA'), 'ERR_JWT_MALFORMED', 'base64url text must be canonical base64url (A-Z a-z 0-9 - _, no padding)'],
  ['base64urlEncode a throwing Proxy', () => base64urlEncode(new Proxy(new Uint8Array(3), { get: () => { throw new Error('trap'); } })), 'ERR_OPTION_INVALID', 'arguments must be a plain object; got an error (the cause)', 'cause'],
  ['a user without externalId', () => api.buildClaims({ name: 'N' } as never), 'ERR_CLAIM_INVALID', 'externalId must be a string of 1 to 255 characters; got undefined'],
  ['UTF-8 with a BOM', () => utf8Decode(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), 'payload'), 'ERR_JWT_MALFORMED', 'payload must not start with a byte-order mark'],
  ['invalid UTF-8', () => utf8Decode(Uint8Array.from([0xff]), 'payload'), 'ERR_JWT_MALFORMED', 'payload must be UTF-8; got invalid UTF-8', 'cause'],
  ['keys null', () => api.createVerifier(null as never), 'ERR_KEY_INVALID', 'keys must be an object; got null'],
  ['keys empty', () => api.createVerifier([]), 'ERR_KEY_INVALID', 'keys must hold at least one { kid, secret }; got an empty array'],
  ['kid twice', () => api.createVerifier([KEY, KEY]), 'ERR_KEY_INVALID', 'kid must be unique in the keyring; got a kid twice'],
  ['clockTolerance', () => api.createVerifier(KEY, { clockTolerance: -1 }), 'ERR_OPTION_INVALID', 'clockTolerance must be seconds, 0 or more; got -1'],
  ['maxTokenLength', () => api.createVerifier(KEY, { maxTokenLength: 0 }), 'ERR_OPTION_INVALID', 'maxTokenLength must be an integer, 1 or more; got 0'],
  ['requireExp', () => api.createVerifier(KEY, { requireExp: 1 as never }), 'ERR_OPTION_INVALID', 'requireExp must be a boolean; got number'],
  ['token not a string', () => api.verifyJwtSync(5 as never, KEY), 'ERR_JWT_MALFORMED', 'token must be a string; got number'],
  ['token too long', () => api.verifyJwtSync('a'.repeat(20), KEY, { maxTokenLength: 10 }), 'ERR_JWT_MALFORMED', 'token must be at most maxTokenLength (10) long; got 20'],
  ['token without a dot', () => api.verifyJwtSync('abc', KEY), 'ERR_JWT_MALFORMED', 'token must be three base64url segments joined by "."'],
  ['token of two segments', () => api.verifyJwtSync('a.b', KEY), 'ERR_JWT_MALFORMED', 'token must be three base64url segments joined by "."'],
  ['token of four segments', () => api.verifyJwtSync('a.b.c.d', KEY), 'ERR_JWT_MALFORMED', 'token must be three base64url segments joined by "."'],
  // An empty first segment is three segments all the same: the empty header is what is wrong.
  ['empty header segment', () => api.verifyJwtSync('.e30.AAAA', KEY), 'ERR_JWT_MALFORMED', 'header must be a JSON object; got invalid JSON', 'cause'],
  ['header not JSON', () => api.verifyJwtSync(`${b64('{')}.e30.AAAA`, KEY), 'ERR_JWT_MALFORMED', 'header must be a JSON object; got invalid JSON', 'cause'],
  ['header an array', () => api.verifyJwtSync(`${b64('[1]')}.e30.AAAA`, KEY), 'ERR_JWT_MALFORMED', 'header must be a JSON object; got an array'],
  ['header a name twice', () => api.verifyJwtSync(`${b64('{"alg":"HS256","alg":"HS256"}')}.e30.AAAA`, KEY), 'ERR_JWT_MALFORMED', 'header must name each member once'],
  ['decodeJwt header not JSON', () => api.decodeJwt(`${b64('{')}.e30.AAAA`), 'ERR_JWT_MALFORMED', 'header must be a JSON object; got invalid JSON', 'cause'],
  ['payload not JSON', () => api.verifyJwtSync(forge({ payload: '{' }), KEY, { now: NOW }), 'ERR_JWT_MALFORMED', 'payload must be a JSON object; got invalid JSON', 'cause'],
  ['payload a number', () => api.verifyJwtSync(forge({ payload: '5' }), KEY, { now: NOW }), 'ERR_JWT_MALFORMED', 'payload must be a JSON object; got number'],
  ['payload not UTF-8', () => api.verifyJwtSync(forge({ payload: Uint8Array.from([0xff]) }), KEY, { now: NOW }), 'ERR_JWT_MALFORMED', 'payload must be UTF-8; got invalid UTF-8', 'cause'],
  ['alg', () => api.verifyJwtSync(forge({ header: { alg: 'RS256', kid: KEY.kid } }), KEY, { now: NOW }), 'ERR_JWT_UNSUPPORTED', 'alg must be "HS256"; got "RS256"'],
  ['typ', () => api.verifyJwtSync(forge({ header: { alg: 'HS256', typ: 'jwt', kid: KEY.kid } }), KEY, { now: NOW }), 'ERR_JWT_UNSUPPORTED', 'typ must be "JWT" or absent; got "jwt"'],
  ['crit', () => api.verifyJwtSync(forge({ header: { alg: 'HS256', kid: KEY.kid, crit: [] } }), KEY, { now: NOW }), 'ERR_JWT_UNSUPPORTED', 'header must not have crit or b64'],
  ['no kid', () => api.verifyJwtSync(forge({ header: { alg: 'HS256' } }), KEY, { now: NOW }), 'ERR_KID_UNKNOWN', 'kid must be one of the 1 configured keys; got undefined'],
  ['kid a number', () => api.verifyJwtSync(forge({ header: { alg: 'HS256', kid: 5 } }), KEY, { now: NOW }), 'ERR_KID_UNKNOWN', 'kid must be one of the 1 configured keys; got number'],
  ['kid unknown', () => api.verifyJwtSync(forge({ header: { alg: 'HS256', kid: 'app_x' } }), KEY, { now: NOW }), 'ERR_KID_UNKNOWN', 'kid must be one of the 1 configured keys; got "app_x"'],
  ['signature', () => api.verifyJwtSync(forge({ secret: 'y'.repeat(40) }), KEY, { now: NOW }), 'ERR_SIGNATURE_INVALID', 'signature must match: wrong secret for this kid, or the token was altered'],
  ['secret with white space', () => api.createSigner({ kid: 'a', secret: ` ${S}` }), 'ERR_KEY_INVALID', 'secret must be trimmed; got white space at an end'],
  ['secret too short', () => api.createSigner({ kid: 'a', secret: 'short' }), 'ERR_KEY_INVALID', 'secret must be at least 32 bytes; got 5 bytes: use the shared secret from Admin Center'],
  ['secret with a lone surrogate', () => api.createSigner({ kid: 'a', secret: `${S}\ud800` }), 'ERR_KEY_INVALID', 'secret must be well-formed Unicode; got a lone surrogate'],
  ['options not an object', () => api.buildClaims({ externalId: 'x' }, 5 as never), 'ERR_OPTION_INVALID', 'options must be an object; got number'],
  ['an exp option', () => api.buildClaims({ externalId: 'x' }, { exp: NOW + 60 } as never), 'ERR_OPTION_INVALID', 'options must not have exp: write expiresAt'],
  ['email_verified in snake case', () => api.buildClaims({ externalId: 'x', email_verified: true } as never), 'ERR_CLAIM_INVALID', 'email_verified must be written emailVerified'],
  ['a key where the user goes', () => api.buildClaims(KEY as never), 'ERR_CLAIM_INVALID', 'user must come first; got a signing key: the arguments are (user, key)'],
  ['a user where the key goes', () => api.signJwtSync(KEY as never, { externalId: 'x' } as never), 'ERR_CLAIM_INVALID', 'user must come first; got a signing key: the arguments are (user, key)'],
  ['an SSO payload', () => api.buildClaims({ user_id: 'x', name: 'N', iat: NOW, jti: 'j' } as never), 'ERR_CLAIM_INVALID', 'externalId must be given; got an SSO or Support SDK payload'],
  ['a PEM key as the secret', () => api.createSigner({ kid: 'a', secret: `-----BEGIN PUBLIC KEY-----\n${S}\n-----END PUBLIC KEY-----` }), 'ERR_KEY_INVALID', 'secret must not be a PEM key: use the shared secret from Admin Center'],
  ['iat not a number', () => api.verifyJwtSync(forge({ payload: '{"scope":"user","external_id":"1","iat":"yesterday"}' }), KEY, { now: NOW }), 'ERR_CLAIM_INVALID', 'iat must be integer epoch seconds; got string'],
  ['base64urlEncode a number', () => base64urlEncode(12345 as never), 'ERR_OPTION_INVALID', 'base64urlEncode input must be a Uint8Array or a well-formed string; got number'],
  ['base64urlEncode a lone surrogate', () => base64urlEncode('\ud800'), 'ERR_OPTION_INVALID', 'base64urlEncode input must be a Uint8Array or a well-formed string; got a lone surrogate'],
  ['user not an object', () => api.buildClaims(5 as never), 'ERR_CLAIM_INVALID', 'user must be an object; got number'],
  ['external_id in snake case', () => api.buildClaims({ external_id: 'x' } as never), 'ERR_CLAIM_INVALID', 'external_id must be written externalId'],
  ['expiresAt an invalid Date', () => api.buildClaims({ externalId: 'x' }, { expiresAt: new Date(Number.NaN) }), 'ERR_CLAIM_INVALID', 'expiresAt must be a valid Date or epoch seconds'],
  ['expiresAt a string', () => api.buildClaims({ externalId: 'x' }, { expiresAt: 'x' as never }), 'ERR_CLAIM_INVALID', 'expiresAt must be a valid Date or epoch seconds', 'cause'],
  ['now negative', () => api.buildClaims({ externalId: 'x' }, { now: -1 }), 'ERR_OPTION_INVALID', 'now must be 0 or more; got -1'],
  ['now a string', () => api.buildClaims({ externalId: 'x' }, { now: 'x' as never }), 'ERR_OPTION_INVALID', 'now must be integer epoch seconds; got string'],
  ['emailVerified a string', () => api.buildClaims({ externalId: 'x', emailVerified: 'y' as never }), 'ERR_CLAIM_INVALID', 'emailVerified must be a boolean; got string'],
  ['exp at now', () => api.buildClaims({ externalId: 'x' }, { now: NOW, expiresAt: NOW }), 'ERR_CLAIM_INVALID', 'exp must be after now (1700000000) and before 10^11; got 1700000000'],
  ['expiresAt in milliseconds', () => api.buildClaims({ externalId: 'x' }, { now: NOW, expiresAt: NOW * 1000 }), 'ERR_CLAIM_INVALID', 'expiresAt must be integer epoch seconds; got 1700000000000 (milliseconds): divide by 1000'],
  ['name with a lone surrogate', () => api.buildClaims({ externalId: 'x', name: 'a\ud800' }), 'ERR_CLAIM_INVALID', 'name must be well-formed Unicode; got a lone surrogate'],
  ['expired, with tolerance', () => api.verifyJwtSync(forge({ payload: '{"scope":"user","external_id":"1","exp":1}' }), KEY, { now: NOW, clockTolerance: 5 }), 'ERR_JWT_EXPIRED', 'exp must be after now - clockTolerance (1699999995); got 1'],
  ['verify now a string', () => api.verifyJwtSync(forge(), KEY, { now: 'x' as never }), 'ERR_OPTION_INVALID', 'now must be integer epoch seconds; got string'],
  // Given in seconds: a hint to divide by 1000 would be wrong here.
  ['computed exp past the year 5138', () => api.buildClaims({ externalId: 'x' }, { now: NOW, expiresIn: 1e11 }), 'ERR_CLAIM_INVALID', 'exp must be after now (1700000000) and before 10^11; got 101700000000'],
  ['a Date past the year 5138', () => api.buildClaims({ externalId: 'x' }, { now: NOW, expiresAt: new Date(1e11 * 1000 + 1000) }), 'ERR_CLAIM_INVALID', 'exp must be after now (1700000000) and before 10^11; got 100000000001'],
  ['secret a number', () => api.createSigner({ kid: 'a', secret: 5 as never }), 'ERR_KEY_INVALID', 'secret must be a string or a Uint8Array; got number'],
  ['not yet valid, with tolerance', () => api.verifyJwtSync(forge({ payload: `{"scope":"user","external_id":"1","nbf":${NOW + 100}}` }), KEY, { now: NOW, clockTolerance: 5 }), 'ERR_JWT_NOT_YET_VALID', 'nbf must be at most now + clockTolerance (1700000005); got 1700000100'],
];

describe('every refusal says field, rule, what it got and the fix', () => {
  it.each(cases)('%s', (_name, fn, code, message, cause) => {
    const error = assertJwtError(thrown(fn), code);
    expect(error.message).toBe(message);
    if (cause) expect(error.cause).toBeInstanceOf(Error);
    else expect(Object.hasOwn(error, 'cause')).toBe(false);
  });
});

describe('UTF-8: only the exact byte-order mark EF BB BF is refused', () => {
  it('decodes text whose first bytes share one or two bytes with the mark', () => {
    // "a¿" (61 C2 BF), U+FFFF (EF BF BF), U+1EFF (E1 BB BF), U+FEC0 (EF BB 80).
    for (const text of ['a\u00bf', '\uffff', '\u1eff', '\ufec0']) {
      expect(utf8Decode(new TextEncoder().encode(text), 'payload'), text).toBe(text);
    }
  });
});

describe('base64urlDecode: an array of its own', () => {
  it('never a view of memory other calls share (such as node:buffer\'s pool)', () => {
    const bytes = base64urlDecode('AAAA');
    expect(bytes.buffer.byteLength).toBe(3);
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
  });
});

describe('the verified user holds only the fields the token has', () => {
  it('no name, no email: no such own property, not even as undefined', () => {
    const { user } = api.verifyJwtSync(forge(), KEY, { now: NOW });
    expect(Object.keys(user)).toEqual(['externalId']);
  });
});

describe('claim on option errors', () => {
  it('a bad now names now as the claim, on both sides', () => {
    expect(thrown(() => api.verifyJwtSync(forge(), KEY, { now: 'x' as never }))).toMatchObject({ code: 'ERR_OPTION_INVALID', claim: 'now' });
    expect(thrown(() => api.buildClaims({ externalId: 'x' }, { now: 1.5 }))).toMatchObject({ code: 'ERR_OPTION_INVALID', claim: 'now' });
    expect(thrown(() => api.buildClaims({ externalId: 'x' }, { now: -1 }))).toMatchObject({ code: 'ERR_OPTION_INVALID', claim: 'now' });
    expect(thrown(() => api.verifyJwtSync(forge(), KEY, { now: -1 }))).toMatchObject({ code: 'ERR_OPTION_INVALID', claim: 'now' });
  });
});

describe('misnamed inputs: each mistake only where it is one, with the claim named', () => {
  const claimOf = (fn: () => unknown): unknown => (thrown(fn) as { claim?: unknown }).claim;

  it('a key where the user goes names external_id; a lone kid or secret is no key', () => {
    expect(claimOf(() => api.buildClaims(KEY as never))).toBe('external_id');
    for (const user of [{ kid: KEY.kid }, { secret: KEY.secret }]) {
      expect((thrown(() => api.buildClaims(user as never)) as Error).message).toBe('externalId must be a string of 1 to 255 characters; got undefined');
    }
  });

  it('any one of user_id, jti and iat marks an SSO or Support SDK payload, with claim external_id', () => {
    for (const field of ['user_id', 'jti', 'iat']) {
      const error = assertJwtError(thrown(() => api.buildClaims({ [field]: 1, name: 'N' } as never)), 'ERR_CLAIM_INVALID', 'external_id');
      expect(error.message).toBe('externalId must be given; got an SSO or Support SDK payload');
    }
  });

  it('a database row with both spellings is read by its camelCase fields', () => {
    const row = { externalId: 'u', external_id: 'other', email: 'e@example.com', emailVerified: true, email_verified: false };
    expect(api.buildClaims(row as never, { now: NOW })).toEqual({ scope: 'user', external_id: 'u', email: 'e@example.com', email_verified: true, exp: NOW + 600 });
    expect(claimOf(() => api.buildClaims({ externalId: 'u', email_verified: true } as never))).toBe('email_verified');
  });
});
