// Tokens that break one rule each, with the finding inspect must report: shared by the
// in-process tests (test/inspect.test.ts) and the CLI tests.
import { base64urlEncode } from '../../src/index.js';

export const KID = 'app_cli_test';
export const NOW = 1_700_000_000;
export const goodHeader = { alg: 'HS256', typ: 'JWT', kid: KID };
export const goodPayload = { scope: 'user', external_id: 'u1', exp: NOW + 600 };

export function forge(header: unknown, payload: unknown, signature = `${'x'.repeat(42)}A`): string {
  return `${base64urlEncode(JSON.stringify(header))}.${base64urlEncode(JSON.stringify(payload))}.${signature}`;
}

/** [finding id, token, a part of the message]. */
export const cases: [string, string, string][] = [
    ['bearer-prefix', `Bearer ${forge(goodHeader, goodPayload)}`, 'the text starts with "Bearer "'],
    ['json-body', JSON.stringify({ jwt: forge(goodHeader, goodPayload), exp: NOW + 600 }), 'its "jwt" member holds the token'],
    ['quoted', `"${forge(goodHeader, goodPayload)}"`, 'the token is wrapped in " quotes'],
    ['kid-account-key', forge({ ...goodHeader, kid: 'act_5963ceb97cde542d000dbdb1' }, goodPayload), 'kid "act_5963ceb97cde542d000dbdb1" is an account key id'],
    ['scope-app', forge(goodHeader, { ...goodPayload, scope: 'app' }), 'scope is "app"'],
    ['kid-missing', forge({ alg: 'HS256', typ: 'JWT' }, goodPayload), 'the header has no kid'],
    ['kid-invalid', forge({ ...goodHeader, kid: 42 }, goodPayload), 'kid is a number'],
    ['alg-not-hs256', forge({ ...goodHeader, alg: 'RS256' }, goodPayload), 'alg is "RS256"'],
    ['typ-missing', forge({ alg: 'HS256', kid: KID }, goodPayload), 'the header has no typ'],
    ['typ-wrong', forge({ ...goodHeader, typ: 'jwt' }, goodPayload), 'typ is "jwt"'],
    ['header-unsupported-member', forge({ ...goodHeader, crit: ['b64'] }, goodPayload), 'the header has "crit"'],
    ['scope-missing', forge(goodHeader, { external_id: 'u1', exp: NOW + 60 }), 'the payload has no scope'],
    ['scope-wrong', forge(goodHeader, { ...goodPayload, scope: 'User' }), 'scope is "User"'],
    ['external-id-missing', forge(goodHeader, { scope: 'user' }), 'the payload has no external_id'],
    ['external-id-number', forge(goodHeader, { ...goodPayload, external_id: 12345 }), 'external_id is the number 12345'],
    ['external-id-not-string', forge(goodHeader, { ...goodPayload, external_id: ['u1'] }), 'external_id is an array'],
    ['external-id-empty', forge(goodHeader, { ...goodPayload, external_id: '' }), 'external_id is an empty string'],
    ['external-id-too-long', forge(goodHeader, { ...goodPayload, external_id: '😀'.repeat(256) }), 'external_id is 256 characters'],
    ['string-not-well-formed', `${base64urlEncode(JSON.stringify(goodHeader))}.${base64urlEncode('{"scope":"user","external_id":"\\ud800"}')}.${'A'.repeat(43)}`, 'external_id has a lone surrogate'],
    ['name-not-string', forge(goodHeader, { ...goodPayload, name: 7 }), 'name is a number'],
    ['email-not-string', forge(goodHeader, { ...goodPayload, email: null, email_verified: true }), 'email is null'],
    ['email-without-verified', forge(goodHeader, { ...goodPayload, email: 'j@x.com' }), 'email is present without email_verified'],
    ['email-verified-not-boolean', forge(goodHeader, { ...goodPayload, email: 'j@x.com', email_verified: 'true' }), 'email_verified is "true"'],
    ['email-verified-without-email', forge(goodHeader, { ...goodPayload, email_verified: true }), 'email_verified is present without email'],
    ['exp-milliseconds', forge(goodHeader, { ...goodPayload, exp: NOW * 1000 }), 'exp 1700000000000 is milliseconds'],
    ['exp-not-integer', forge(goodHeader, { ...goodPayload, exp: '1700000600' }), 'exp is the string "1700000600"'],
    ['exp-expired', forge(goodHeader, { ...goodPayload, exp: NOW - 5 }), 'exp 1699999995 (2023-11-14T22:13:15.000Z) is 5 seconds before now'],
    ['exp-missing', forge(goodHeader, { scope: 'user', external_id: 'u1' }), 'the payload has no exp'],
    ['exp-far', forge(goodHeader, { ...goodPayload, exp: NOW + 7 * 86_400 }), 'exp 1700604800 is 168 hours from now'],
    ['nbf-milliseconds', forge(goodHeader, { ...goodPayload, nbf: NOW * 1000 }), 'nbf 1700000000000 is milliseconds'],
    ['nbf-not-integer', forge(goodHeader, { ...goodPayload, nbf: 1.5 }), 'nbf is 1.5'],
    ['nbf-future', forge(goodHeader, { ...goodPayload, nbf: NOW + 30 }), 'nbf 1700000030 is 30 seconds after now'],
    ['iat-milliseconds', forge(goodHeader, { ...goodPayload, iat: NOW * 1000 }), 'iat 1700000000000 is in milliseconds'],
    ['support-sdk-payload', forge(goodHeader, { name: 'Jane', email: 'j@x.com', jti: 'abc', iat: NOW }), 'the payload has jti, iat, name, email and no scope or external_id'],
    ['support-sdk-payload', forge(goodHeader, { ...goodPayload, user_id: 7 }), 'the payload has user_id'],
    ['camelcase-claims', forge(goodHeader, { scope: 'user', externalId: 'u1', emailVerified: true }), 'the payload has externalId and emailVerified'],
    ['signature-missing', forge(goodHeader, goodPayload, ''), 'the signature segment is empty'],
    ['signature-wrong-length', forge(goodHeader, goodPayload, 'AAAA'), 'the signature is 3 bytes'],
    ['base64url-noncanonical', `${Buffer.from(JSON.stringify({ ...goodHeader, kid: 'app_cli_test1' })).toString('base64')}.${base64urlEncode(JSON.stringify(goodPayload))}.${'A'.repeat(43)}`, 'the header segment is not canonical base64url'],
    ['base64url-noncanonical', forge(goodHeader, goodPayload, `${'A'.repeat(42)}B`), 'the signature segment is not canonical base64url'],
    ['segment-unreadable', `e*.${base64urlEncode(JSON.stringify(goodPayload))}.${'A'.repeat(43)}`, 'the header segment is not base64 or base64url'],
    ['segment-unreadable', forge(goodHeader, goodPayload, 'A'.repeat(41)), 'the signature segment is not base64 or base64url'],
    ['not-json-object', `${base64urlEncode('[1]')}.${base64urlEncode(JSON.stringify(goodPayload))}.${'A'.repeat(43)}`, 'the header is JSON but not an object'],
    ['not-json-object', `${base64urlEncode(JSON.stringify(goodHeader))}.${base64urlEncode('{')}.${'A'.repeat(43)}`, 'the payload is not UTF-8 JSON'],
    ['not-three-segments', `Bearer.${forge(goodHeader, goodPayload)}`, 'the text has 4 segments'],
    ['strict-decode-refused', `${base64urlEncode(JSON.stringify(goodHeader))}.${base64urlEncode('{"scope":"user","external_id":"a","\\u0065xternal_id":"b"}')}.${'A'.repeat(43)}`, 'payload must name each member once'],
    ['strict-decode-refused', `${base64urlEncode(`\uFEFF${JSON.stringify(goodHeader)}`)}.${base64urlEncode(JSON.stringify(goodPayload))}.${'A'.repeat(43)}`, 'byte-order mark'],
  ];
