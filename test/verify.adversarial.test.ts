/**
 * Attacks on verify, each named for the rule it tries to break and the record it comes from:
 * DESIGN.md, RFC 7515/7519, RFC 8725 (JWT BCP), and JWT library CVEs: alg none (2015,
 * CVE-2015-9235), jsonwebtoken CVE-2022-23540 (insecure default alg) and CVE-2022-23541 (key
 * confusion), fast-jwt CVE-2023-48223 (public key taken as HMAC secret), hono CVE-2026-22817 /
 * 22818 (unverified header alg, default HS256), ruby-jwt CVE-2026-45363 (empty key).
 * Every token is signed correctly unless the case is about the signature, so only the rule named
 * can be the reason it is refused.
 */
import { describe, expect, it } from 'vitest';
import { createVerifier, decodeJwt, JwtError, type JwtErrorCode, type VerifyOptions } from '../src/index.js';
import {
  b64,
  forge,
  headerWith,
  hmac,
  HEADER_TEXT,
  KEY,
  KID,
  nonCanonical,
  NOW,
  OLD_KEY,
  OLD_KID,
  OLD_SECRET,
  padToRest,
  PAYLOAD_TEXT,
  payloadWith,
  SECRET,
  tokenOfLength,
} from './support/forge.js';

const NUMERIC_KEY = { kid: '1', secret: 'numeric-kid-secret-0123456789abcdefghij' } as const;
const verifier = createVerifier([KEY, OLD_KEY, NUMERIC_KEY], { now: NOW });

interface Case {
  name: string;
  token: () => unknown;
  code: JwtErrorCode;
  claim?: string;
  options?: VerifyOptions;
}

function expectCode(run: () => unknown, code: JwtErrorCode, claim?: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a JwtError').toBeInstanceOf(JwtError);
  expect((caught as JwtError).code).toBe(code);
  if (claim !== undefined) expect((caught as JwtError).claim).toBe(claim);
}

const header = (members: Record<string, unknown>): string => JSON.stringify(members);
const payload = (extra: Record<string, unknown>): string => JSON.stringify({ scope: 'user', external_id: '12345678', ...extra });
const PEM_PUBLIC_KEY =
  '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqNf0nB3yjAqf7z1ZfR1fT4YsnCsO\n-----END PUBLIC KEY-----\n';
const validSignature = hmac(`${b64(HEADER_TEXT)}.${b64(PAYLOAD_TEXT)}`);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The valid signature with its last character's unused bits set: same bytes, second spelling. */
const signatureNonCanonical = (valid: string): string => valid.slice(0, -1) + (ALPHABET[ALPHABET.indexOf(valid.slice(-1)) | 1] ?? '');
/** A wrong but well-formed signature: the valid one with its first character changed. */
const wrongSignature = (valid: string): string => (valid.startsWith('A') ? 'B' : 'A') + valid.slice(1);
const externalIdOf = (codePoints: number, unit: string): string => JSON.stringify({ scope: 'user', external_id: unit.repeat(codePoints) });

const algorithmCases: Case[] = [
  { name: 'alg none with an empty signature (CVE-2015-9235)', token: () => forge({ header: header({ alg: 'none', typ: 'JWT', kid: KID }), signature: '' }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg None, capitalised to dodge a case-sensitive deny list', token: () => forge({ header: header({ alg: 'None', kid: KID }), signature: '' }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg NONE', token: () => forge({ header: header({ alg: 'NONE', kid: KID }), signature: '' }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg nOnE', token: () => forge({ header: header({ alg: 'nOnE', kid: KID }), signature: '' }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg none carrying a valid HMAC', token: () => forge({ header: header({ alg: 'none', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg none without a kid (jsonwebtoken CVE-2022-23540: no key, no alg check)', token: () => forge({ header: header({ alg: 'none' }), signature: '' }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'RS256 header over a valid HMAC (key confusion, CVE-2022-23541)', token: () => forge({ header: header({ alg: 'RS256', typ: 'JWT', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'ES256 header over a valid HMAC', token: () => forge({ header: header({ alg: 'ES256', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'PS256 header over a valid HMAC', token: () => forge({ header: header({ alg: 'PS256', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'EdDSA header over a valid HMAC', token: () => forge({ header: header({ alg: 'EdDSA', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'HS384 header over an HS256 HMAC: the header never chooses the hash', token: () => forge({ header: header({ alg: 'HS384', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'HS384 header over a real HS384 HMAC', token: () => forge({ header: header({ alg: 'HS384', kid: KID }), hash: 'sha384' }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'HS512 header over a real HS512 HMAC', token: () => forge({ header: header({ alg: 'HS512', kid: KID }), hash: 'sha512' }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg missing (hono CVE-2026-22818: default HS256)', token: () => forge({ header: header({ typ: 'JWT', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg null', token: () => forge({ header: header({ alg: null, kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg ["HS256"] (an array that stringifies to HS256)', token: () => forge({ header: header({ alg: ['HS256'], kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg {"toString"} object', token: () => forge({ header: header({ alg: { name: 'HS256' }, kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg hs256 lowercase', token: () => forge({ header: header({ alg: 'hs256', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg "HS256 " with trailing space', token: () => forge({ header: header({ alg: 'HS256 ', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg "HS256\\u0000" with a NUL (C-string truncation)', token: () => forge({ header: header({ alg: 'HS256\u0000', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg empty string', token: () => forge({ header: header({ alg: '', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg 256 as a number', token: () => forge({ header: header({ alg: 256, kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg inherited through __proto__ (never read through a prototype)', token: () => forge({ header: `{"__proto__":{"alg":"HS256"},"kid":"${KID}"}` }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'alg HS256 spelled with an escape next to a second alg none (duplicate)', token: () => forge({ header: `{"alg":"none","\\u0061lg":"HS256","kid":"${KID}"}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'alg none with the signature segment missing entirely', token: () => `${b64(header({ alg: 'none', kid: KID }))}.${b64(PAYLOAD_TEXT)}`, code: 'ERR_JWT_MALFORMED' },
];

const typCases: Case[] = [
  { name: 'typ jwt lowercase', token: () => forge({ header: header({ alg: 'HS256', typ: 'jwt', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'typ JWS', token: () => forge({ header: header({ alg: 'HS256', typ: 'JWS', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'typ at+jwt (an access token replayed as a login, RFC 8725 §3.11)', token: () => forge({ header: header({ alg: 'HS256', typ: 'at+jwt', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'typ application/jwt', token: () => forge({ header: header({ alg: 'HS256', typ: 'application/jwt', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'typ null (present, so it must be JWT)', token: () => forge({ header: header({ alg: 'HS256', typ: null, kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'typ empty string', token: () => forge({ header: header({ alg: 'HS256', typ: '', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'typ ["JWT"]', token: () => forge({ header: header({ alg: 'HS256', typ: ['JWT'], kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'typ "JWT " with trailing space', token: () => forge({ header: header({ alg: 'HS256', typ: 'JWT ', kid: KID }) }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'crit ["exp"] (RFC 7515 §4.1.11: unknown critical extension)', token: () => forge({ header: headerWith('"crit":["exp"]') }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'crit [] (still present)', token: () => forge({ header: headerWith('"crit":[]') }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'crit null', token: () => forge({ header: headerWith('"crit":null') }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'crit ["b64"] with b64 false (RFC 7797 unencoded payload)', token: () => forge({ header: headerWith('"crit":["b64"],"b64":false') }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'b64 false without crit', token: () => forge({ header: headerWith('"b64":false') }), code: 'ERR_JWT_UNSUPPORTED' },
  { name: 'b64 true (the default, still refused)', token: () => forge({ header: headerWith('"b64":true') }), code: 'ERR_JWT_UNSUPPORTED' },
];

const kidCases: Case[] = [
  { name: 'kid missing', token: () => forge({ header: header({ alg: 'HS256', typ: 'JWT' }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid null', token: () => forge({ header: header({ alg: 'HS256', kid: null }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid 1 (a number) when the keyring holds "1"', token: () => forge({ header: '{"alg":"HS256","kid":1}', secret: NUMERIC_KEY.secret }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid "__proto__" (plain-object keyring lookup)', token: () => forge({ header: header({ alg: 'HS256', kid: '__proto__' }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid "constructor"', token: () => forge({ header: header({ alg: 'HS256', kid: 'constructor' }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid "toString"', token: () => forge({ header: header({ alg: 'HS256', kid: 'toString' }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid "hasOwnProperty"', token: () => forge({ header: header({ alg: 'HS256', kid: 'hasOwnProperty' }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid "valueOf"', token: () => forge({ header: header({ alg: 'HS256', kid: 'valueOf' }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid [KID] (an array that stringifies to a known kid)', token: () => forge({ header: header({ alg: 'HS256', kid: [KID] }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid object', token: () => forge({ header: header({ alg: 'HS256', kid: { kid: KID } }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid true', token: () => forge({ header: header({ alg: 'HS256', kid: true }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid empty string', token: () => forge({ header: header({ alg: 'HS256', kid: '' }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid with a trailing space', token: () => forge({ header: header({ alg: 'HS256', kid: `${KID} ` }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid in upper case', token: () => forge({ header: header({ alg: 'HS256', kid: KID.toUpperCase() }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid a prefix of a known kid', token: () => forge({ header: header({ alg: 'HS256', kid: KID.slice(0, -1) }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid with a NUL after a known kid', token: () => forge({ header: header({ alg: 'HS256', kid: `${KID}\u0000` }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid inherited through __proto__', token: () => forge({ header: `{"alg":"HS256","__proto__":{"kid":"${KID}"}}` }), code: 'ERR_KID_UNKNOWN' },
  { name: 'kid path traversal ../../dev/null (kid injection)', token: () => forge({ header: header({ alg: 'HS256', kid: '../../dev/null' }), secret: '\u0000'.repeat(32) }), code: 'ERR_KID_UNKNOWN' },
  { name: "kid SQL injection ' OR 1=1 --", token: () => forge({ header: header({ alg: 'HS256', kid: "' OR 1=1 --" }) }), code: 'ERR_KID_UNKNOWN' },
  { name: 'known kid, signed with the other key of the ring', token: () => forge({ secret: OLD_SECRET }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'old kid, signed with the current key', token: () => forge({ header: header({ alg: 'HS256', kid: OLD_KID }) }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'attacker key embedded as jwk (CVE-2018-0114 style)', token: () => forge({ header: headerWith(`"jwk":{"kty":"oct","k":"${b64('attacker-key-0123456789abcdefghijkl')}"}`), secret: 'attacker-key-0123456789abcdefghijkl' }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'jku pointing at an attacker key set', token: () => forge({ header: headerWith('"jku":"https://attacker.example/jwks.json"'), secret: 'attacker-key-0123456789abcdefghijkl' }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'x5u pointing at an attacker certificate', token: () => forge({ header: headerWith('"x5u":"https://attacker.example/cert.pem"'), secret: 'attacker-key-0123456789abcdefghijkl' }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signed with an empty secret (ruby-jwt CVE-2026-45363)', token: () => forge({ secret: '' }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signed with a PEM public key as the HMAC secret (fast-jwt CVE-2023-48223)', token: () => forge({ secret: PEM_PUBLIC_KEY }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signed with the kid as the secret', token: () => forge({ secret: KID }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signed with the secret plus a newline', token: () => forge({ secret: `${SECRET}\n` }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signed with 32 zero bytes', token: () => forge({ secret: new Uint8Array(32) }), code: 'ERR_SIGNATURE_INVALID' },
];

const signatureCases: Case[] = [
  { name: 'empty signature', token: () => forge({ signature: '' }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signature cut to 40 characters', token: () => forge({ signature: (s) => s.slice(0, 40) }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signature with one character appended (44, still base64url)', token: () => forge({ signature: (s) => `${s}A` }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signature with = padding', token: () => forge({ signature: (s) => `${s}=` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'signature with a + from standard base64', token: () => forge({ signature: (s) => `+${s.slice(1)}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'signature with a / from standard base64', token: () => forge({ signature: (s) => `${s.slice(0, 5)}/${s.slice(6)}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'signature spelled non-canonically (same bytes, low bits set)', token: () => forge({ signature: signatureNonCanonical }), code: 'ERR_JWT_MALFORMED' },
  { name: 'signature as 64 hex digits', token: () => forge({ signature: () => Buffer.from(validSignature, 'base64url').toString('hex') }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signature truncated to 128 bits (RFC 7518 §3.2 forbids truncation)', token: () => forge({ signature: (s) => b64(Buffer.from(s, 'base64url').subarray(0, 16)) }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signature over the payload segment only', token: () => forge({ signature: () => hmac(b64(PAYLOAD_TEXT)) }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signature over the signing input plus a dot', token: () => forge({ signature: () => hmac(`${b64(HEADER_TEXT)}.${b64(PAYLOAD_TEXT)}.`) }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signature over the decoded JSON instead of the segments', token: () => forge({ signature: () => hmac(`${HEADER_TEXT}.${PAYLOAD_TEXT}`) }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'signature with a trailing space', token: () => forge({ signature: (s) => `${s} ` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'one wrong character in the signature', token: () => forge({ signature: wrongSignature }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'bad signature over garbage JSON: signature before payload', token: () => forge({ payload: '{"scope":"user",,,garbage', signature: wrongSignature }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'bad signature over a BOM payload', token: () => forge({ payload: `\uFEFF${PAYLOAD_TEXT}`, signature: wrongSignature }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'bad signature over invalid UTF-8', token: () => forge({ payload: new Uint8Array([0x7b, 0xff, 0x7d]), signature: wrongSignature }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'bad signature over duplicate members', token: () => forge({ payload: payloadWith('"scope":"admin"'), signature: wrongSignature }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'bad signature over scope admin', token: () => forge({ payload: payload({ scope: 'admin' }), signature: wrongSignature }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'bad signature over an expired payload', token: () => forge({ payload: payload({ exp: NOW - 1000 }), signature: wrongSignature }), code: 'ERR_SIGNATURE_INVALID' },
  { name: 'bad signature over a JSON array payload', token: () => forge({ payload: '[]', signature: wrongSignature }), code: 'ERR_SIGNATURE_INVALID' },
];

const structureCases: Case[] = [
  { name: 'two segments', token: () => forge().split('.').slice(0, 2).join('.'), code: 'ERR_JWT_MALFORMED' },
  { name: 'four segments', token: () => `${forge()}.`, code: 'ERR_JWT_MALFORMED' },
  { name: 'five segments (a JWE)', token: () => `${forge()}.AAAA.AAAA`, code: 'ERR_JWT_MALFORMED' },
  { name: 'empty string', token: () => '', code: 'ERR_JWT_MALFORMED' },
  { name: 'two dots only', token: () => '..', code: 'ERR_JWT_MALFORMED' },
  { name: 'leading space', token: () => ` ${forge()}`, code: 'ERR_JWT_MALFORMED' },
  { name: 'trailing newline', token: () => `${forge()}\n`, code: 'ERR_JWT_MALFORMED' },
  { name: '"Bearer " prefix left on', token: () => `Bearer ${forge()}`, code: 'ERR_JWT_MALFORMED' },
  { name: 'not a string: a number', token: () => 42, code: 'ERR_JWT_MALFORMED' },
  { name: 'not a string: null', token: () => null, code: 'ERR_JWT_MALFORMED' },
  { name: 'not a string: a String object', token: () => Object(forge()) as unknown, code: 'ERR_JWT_MALFORMED' },
  { name: 'header segment with = padding', token: () => forge({ headerSegment: `${b64(padToRest(HEADER_TEXT, 2))}==` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload segment with = padding', token: () => forge({ payloadSegment: `${b64(padToRest(PAYLOAD_TEXT, 3))}=` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'header segment in standard base64 (+)', token: () => forge({ headerSegment: `+${b64(HEADER_TEXT).slice(1)}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload segment in standard base64 (/)', token: () => forge({ payloadSegment: `${b64(PAYLOAD_TEXT).slice(0, 4)}/${b64(PAYLOAD_TEXT).slice(5)}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'header segment spelled non-canonically', token: () => forge({ headerSegment: nonCanonical(b64(padToRest(headerWith('"x":1'), 2))) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload segment spelled non-canonically (2 spare bits)', token: () => forge({ payloadSegment: nonCanonical(b64(padToRest(PAYLOAD_TEXT, 3))) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload segment spelled non-canonically (4 spare bits)', token: () => forge({ payloadSegment: nonCanonical(b64(padToRest(PAYLOAD_TEXT, 2))) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload segment cut to length 1 mod 4', token: () => forge({ payloadSegment: b64(padToRest(PAYLOAD_TEXT, 3)).slice(0, -2) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload segment with two characters appended (length 1 mod 4)', token: () => forge({ payloadSegment: `${b64(padToRest(PAYLOAD_TEXT, 3))}AA` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'white space inside the header segment', token: () => forge({ headerSegment: `${b64(HEADER_TEXT).slice(0, 8)} ${b64(HEADER_TEXT).slice(8)}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'tab inside the payload segment', token: () => forge({ payloadSegment: `${b64(PAYLOAD_TEXT).slice(0, 8)}\t${b64(PAYLOAD_TEXT).slice(8)}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'line break inside the payload segment (MIME base64)', token: () => forge({ payloadSegment: `${b64(PAYLOAD_TEXT).slice(0, 8)}\r\n${b64(PAYLOAD_TEXT).slice(8)}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'non-ASCII letter in the payload segment', token: () => forge({ payloadSegment: `é${b64(PAYLOAD_TEXT).slice(1)}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'fullwidth digit in the header segment', token: () => forge({ headerSegment: `${b64(HEADER_TEXT).slice(0, 4)}\uFF11${b64(HEADER_TEXT).slice(5)}` }), code: 'ERR_JWT_MALFORMED' },
];

const jsonCases: Case[] = [
  { name: 'header with a UTF-8 BOM', token: () => forge({ header: `\uFEFF${HEADER_TEXT}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with a UTF-8 BOM', token: () => forge({ payload: `\uFEFF${PAYLOAD_TEXT}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with an invalid byte 0xFF', token: () => forge({ payload: new Uint8Array([...Buffer.from(PAYLOAD_TEXT.slice(0, -1)), 0xff, 0x7d]) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with an overlong quote C0 A2', token: () => forge({ payload: new Uint8Array([...Buffer.from('{"scope":"user","external_id":"1'), 0xc0, 0xa2, 0x7d]) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with a UTF-8 encoded surrogate ED A0 80', token: () => forge({ payload: new Uint8Array([...Buffer.from('{"scope":"user","external_id":"'), 0xed, 0xa0, 0x80, 0x22, 0x7d]) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with a truncated multi-byte sequence', token: () => forge({ payload: new Uint8Array([...Buffer.from('{"scope":"user","external_id":"'), 0xe2, 0x82, 0x22, 0x7d]) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload in UTF-16LE', token: () => forge({ payload: new Uint8Array(Buffer.from(PAYLOAD_TEXT, 'utf16le')) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'header in UTF-16BE with a BOM', token: () => forge({ header: new Uint8Array([0xfe, 0xff, ...Buffer.from(HEADER_TEXT, 'utf16le').swap16()]) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload is a JSON array', token: () => forge({ payload: '[{"scope":"user","external_id":"1"}]' }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload is a JSON string', token: () => forge({ payload: '"user"' }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload is null', token: () => forge({ payload: 'null' }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload is a number', token: () => forge({ payload: '12345678' }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload is true', token: () => forge({ payload: 'true' }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload is empty', token: () => forge({ payload: '' }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with a trailing comma', token: () => forge({ payload: '{"scope":"user","external_id":"1",}' }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with single quotes', token: () => forge({ payload: "{'scope':'user','external_id':'1'}" }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with a comment', token: () => forge({ payload: '{"scope":"user",/* x */"external_id":"1"}' }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload with NaN', token: () => forge({ payload: payloadWith('"exp":NaN') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'payload of two concatenated objects', token: () => forge({ payload: `${PAYLOAD_TEXT}{"scope":"admin"}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'header is a JSON array', token: () => forge({ header: `[${HEADER_TEXT}]` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'header with trailing garbage', token: () => forge({ header: `${HEADER_TEXT}x` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate scope (RFC 7515 §5.2)', token: () => forge({ payload: payloadWith('"scope":"user"') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate scope spelled \\u0073cope', token: () => forge({ payload: payloadWith('"\\u0073cope":"user"') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate external_id: two parsers, two users', token: () => forge({ payload: payloadWith('"external_id":"victim"') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate external_id spelled external\\u005fid', token: () => forge({ payload: payloadWith('"external\\u005fid":"victim"') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate email_verified false then true', token: () => forge({ payload: payloadWith('"email":"a@example.com","email_verified":false,"email_verified":true') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate exp', token: () => forge({ payload: payloadWith(`"exp":${NOW - 10},"exp":${NOW + 600}`) }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate __proto__', token: () => forge({ payload: payloadWith('"__proto__":{},"__proto__":{}') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate alg in the header', token: () => forge({ header: headerWith('"alg":"HS256"') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate kid in the header (old kid then current)', token: () => forge({ header: `{"alg":"HS256","kid":"${OLD_KID}","kid":"${KID}"}` }), code: 'ERR_JWT_MALFORMED' },
  { name: 'duplicate typ spelled with an escape', token: () => forge({ header: headerWith('"\\u0074yp":"JWT"') }), code: 'ERR_JWT_MALFORMED' },
  { name: 'scope only through __proto__', token: () => forge({ payload: '{"__proto__":{"scope":"user"},"external_id":"1"}' }), code: 'ERR_CLAIM_INVALID', claim: 'scope' },
  { name: 'external_id only through __proto__', token: () => forge({ payload: '{"scope":"user","__proto__":{"external_id":"1"}}' }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
];

const claimCases: Case[] = [
  { name: 'scope missing', token: () => forge({ payload: '{"external_id":"1"}' }), code: 'ERR_CLAIM_INVALID', claim: 'scope' },
  { name: 'scope User', token: () => forge({ payload: payload({ scope: 'User' }) }), code: 'ERR_CLAIM_INVALID', claim: 'scope' },
  { name: 'scope USER', token: () => forge({ payload: payload({ scope: 'USER' }) }), code: 'ERR_CLAIM_INVALID', claim: 'scope' },
  { name: 'scope admin', token: () => forge({ payload: payload({ scope: 'admin' }) }), code: 'ERR_CLAIM_INVALID', claim: 'scope' },
  { name: 'scope ["user"]', token: () => forge({ payload: payload({ scope: ['user'] }) }), code: 'ERR_CLAIM_INVALID', claim: 'scope' },
  { name: 'scope "user " with a trailing space', token: () => forge({ payload: payload({ scope: 'user ' }) }), code: 'ERR_CLAIM_INVALID', claim: 'scope' },
  { name: 'scope null', token: () => forge({ payload: payload({ scope: null }) }), code: 'ERR_CLAIM_INVALID', claim: 'scope' },
  { name: 'external_id missing', token: () => forge({ payload: '{"scope":"user"}' }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
  { name: 'external_id a number', token: () => forge({ payload: '{"scope":"user","external_id":12345678}' }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
  { name: 'external_id empty', token: () => forge({ payload: payload({ external_id: '' }) }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
  { name: 'external_id null', token: () => forge({ payload: payload({ external_id: null }) }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
  { name: 'external_id an array', token: () => forge({ payload: payload({ external_id: ['1'] }) }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
  { name: 'external_id of 256 ASCII characters', token: () => forge({ payload: externalIdOf(256, 'x') }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
  { name: 'external_id of 256 emoji (code points, not UTF-16 units)', token: () => forge({ payload: externalIdOf(256, '😀') }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
  { name: 'external_id with a lone surrogate escape \\ud800', token: () => forge({ payload: '{"scope":"user","external_id":"a\\ud800"}' }), code: 'ERR_CLAIM_INVALID', claim: 'external_id' },
  { name: 'name a number', token: () => forge({ payload: payload({ name: 42 }) }), code: 'ERR_CLAIM_INVALID', claim: 'name' },
  { name: 'name null', token: () => forge({ payload: payload({ name: null }) }), code: 'ERR_CLAIM_INVALID', claim: 'name' },
  { name: 'name with a lone surrogate', token: () => forge({ payload: payloadWith('"name":"\\udfff"') }), code: 'ERR_CLAIM_INVALID', claim: 'name' },
  { name: 'email a number, even with email_verified false', token: () => forge({ payload: payload({ email: 42, email_verified: false }) }), code: 'ERR_CLAIM_INVALID', claim: 'email' },
  { name: 'email an array', token: () => forge({ payload: payload({ email: ['a@example.com'], email_verified: true }) }), code: 'ERR_CLAIM_INVALID', claim: 'email' },
  { name: 'email_verified "true" (a string)', token: () => forge({ payload: payload({ email: 'a@example.com', email_verified: 'true' }) }), code: 'ERR_CLAIM_INVALID', claim: 'email_verified' },
  { name: 'email_verified 1', token: () => forge({ payload: payload({ email: 'a@example.com', email_verified: 1 }) }), code: 'ERR_CLAIM_INVALID', claim: 'email_verified' },
  { name: 'email_verified null', token: () => forge({ payload: payload({ email_verified: null }) }), code: 'ERR_CLAIM_INVALID', claim: 'email_verified' },
  { name: 'exp a numeric string', token: () => forge({ payload: payload({ exp: String(NOW + 600) }) }), code: 'ERR_CLAIM_INVALID', claim: 'exp' },
  { name: 'exp a fraction', token: () => forge({ payload: payload({ exp: NOW + 600.5 }) }), code: 'ERR_CLAIM_INVALID', claim: 'exp' },
  { name: 'exp in milliseconds (Date.now() unscaled)', token: () => forge({ payload: payload({ exp: (NOW + 600) * 1000 }) }), code: 'ERR_CLAIM_INVALID', claim: 'exp' },
  { name: 'exp one above the milliseconds threshold 10^11', token: () => forge({ payload: payload({ exp: 1e11 + 1 }) }), code: 'ERR_CLAIM_INVALID', claim: 'exp' },
  { name: 'exp null', token: () => forge({ payload: payload({ exp: null }) }), code: 'ERR_CLAIM_INVALID', claim: 'exp' },
  { name: 'exp 1e400 (Infinity after parsing)', token: () => forge({ payload: payloadWith('"exp":1e400') }), code: 'ERR_CLAIM_INVALID', claim: 'exp' },
  { name: 'exp 2^53 (not a safe integer)', token: () => forge({ payload: payloadWith('"exp":9007199254740992') }), code: 'ERR_CLAIM_INVALID', claim: 'exp' },
  { name: 'exp equal to now', token: () => forge({ payload: payload({ exp: NOW }) }), code: 'ERR_JWT_EXPIRED', claim: 'exp' },
  { name: 'exp one second before now', token: () => forge({ payload: payload({ exp: NOW - 1 }) }), code: 'ERR_JWT_EXPIRED', claim: 'exp' },
  { name: 'exp 0', token: () => forge({ payload: payload({ exp: 0 }) }), code: 'ERR_JWT_EXPIRED', claim: 'exp' },
  { name: 'exp negative', token: () => forge({ payload: payload({ exp: -1 }) }), code: 'ERR_JWT_EXPIRED', claim: 'exp' },
  { name: 'exp exactly now minus the tolerance', token: () => forge({ payload: payload({ exp: NOW - 30 }) }), options: { clockTolerance: 30 }, code: 'ERR_JWT_EXPIRED', claim: 'exp' },
  { name: 'nbf one second after now', token: () => forge({ payload: payload({ nbf: NOW + 1 }) }), code: 'ERR_JWT_NOT_YET_VALID', claim: 'nbf' },
  { name: 'nbf one second past now plus the tolerance', token: () => forge({ payload: payload({ nbf: NOW + 31 }) }), options: { clockTolerance: 30 }, code: 'ERR_JWT_NOT_YET_VALID', claim: 'nbf' },
  { name: 'nbf in milliseconds', token: () => forge({ payload: payload({ nbf: NOW * 1000 }) }), code: 'ERR_CLAIM_INVALID', claim: 'nbf' },
  { name: 'nbf a string', token: () => forge({ payload: payload({ nbf: String(NOW) }) }), code: 'ERR_CLAIM_INVALID', claim: 'nbf' },
  { name: 'nbf a fraction', token: () => forge({ payload: payload({ nbf: NOW - 0.5 }) }), code: 'ERR_CLAIM_INVALID', claim: 'nbf' },
  { name: 'no exp under requireExp', token: () => forge(), options: { requireExp: true }, code: 'ERR_CLAIM_INVALID', claim: 'exp' },
  { name: 'expired and not yet valid: exp is checked first', token: () => forge({ payload: payload({ exp: NOW - 1, nbf: NOW + 1 }) }), code: 'ERR_JWT_EXPIRED', claim: 'exp' },
];

const lengthCases: Case[] = [
  { name: 'maxTokenLength one under the token length', token: () => forge(), options: { maxTokenLength: forge().length - 1 }, code: 'ERR_JWT_MALFORMED' },
  { name: 'default maxTokenLength: 8193 characters', token: () => tokenOfLength(8193), code: 'ERR_JWT_MALFORMED' },
  { name: 'a megabyte of dots (length checked before splitting)', token: () => '.'.repeat(1 << 20), code: 'ERR_JWT_MALFORMED' },
];

const tables: [string, Case[]][] = [
  ['alg: the header never chooses the hash', algorithmCases],
  ['typ, crit and b64', typCases],
  ['kid and the keyring', kidCases],
  ['signature: constant time, canonical, before the payload', signatureCases],
  ['structure and strict base64url', structureCases],
  ['UTF-8, JSON objects, duplicates and __proto__', jsonCases],
  ['claims by the signing-side rules', claimCases],
  ['maxTokenLength', lengthCases],
];

describe('verify refuses every attack with the exact code', () => {
  it('covers at least 100 attacks', () => {
    expect(tables.reduce((sum, [, cases]) => sum + cases.length, 0)).toBeGreaterThanOrEqual(100);
  });

  for (const [title, cases] of tables) {
    describe(title, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        const token = c.token() as string;
        expectCode(() => verifier.verifySync(token, c.options), c.code, c.claim);
      });
    });
  }

  it('the async verify rejects the same way (alg none, bad signature, expired)', async () => {
    for (const [token, code] of [
      [forge({ header: header({ alg: 'none', kid: KID }), signature: '' }), 'ERR_JWT_UNSUPPORTED'],
      [forge({ signature: wrongSignature }), 'ERR_SIGNATURE_INVALID'],
      [forge({ payload: payload({ exp: NOW }) }), 'ERR_JWT_EXPIRED'],
    ] as const) {
      await expect(verifier.verify(token)).rejects.toMatchObject({ name: 'JwtError', code });
    }
  });
});

describe('boundaries that must still be accepted', () => {
  const accepted: { name: string; token: () => string; options?: VerifyOptions }[] = [
    { name: 'the control token', token: () => forge() },
    { name: 'typ absent (ruby-jwt writes none)', token: () => forge({ header: `{"kid":"${KID}","alg":"HS256"}` }) },
    { name: 'header members in another order with white space', token: () => forge({ header: `{ "kid" : "${KID}" , "typ" : "JWT" , "alg" : "HS256" }` }) },
    { name: 'kid spelled with an escape', token: () => forge({ header: `{"alg":"HS256","kid":"app\\u005f5963ceb97cde542d000dbdb1"}` }) },
    { name: 'the older key of the ring', token: () => forge({ header: header({ alg: 'HS256', typ: 'JWT', kid: OLD_KID }), secret: OLD_SECRET }) },
    { name: 'kid "1" as a string', token: () => forge({ header: '{"alg":"HS256","kid":"1"}', secret: NUMERIC_KEY.secret }) },
    { name: 'exp one second after now', token: () => forge({ payload: payload({ exp: NOW + 1 }) }) },
    { name: 'exp one second inside the tolerance', token: () => forge({ payload: payload({ exp: NOW - 29 }) }), options: { clockTolerance: 30 } },
    { name: 'exp at 10^11, the last value read as seconds', token: () => forge({ payload: payload({ exp: 1e11 }) }) },
    { name: 'nbf equal to now', token: () => forge({ payload: payload({ nbf: NOW }) }) },
    { name: 'nbf exactly now plus the tolerance', token: () => forge({ payload: payload({ nbf: NOW + 30 }) }), options: { clockTolerance: 30 } },
    { name: 'external_id of 255 ASCII characters', token: () => forge({ payload: externalIdOf(255, 'x') }) },
    { name: 'external_id of 255 emoji (510 UTF-16 units)', token: () => forge({ payload: externalIdOf(255, '😀') }) },
    { name: 'external_id of 1 character', token: () => forge({ payload: externalIdOf(1, 'x') }) },
    { name: 'duplicate names below the top level', token: () => forge({ payload: payloadWith('"meta":{"a":1,"a":2}') }) },
    { name: 'a comma inside a string member', token: () => forge({ payload: payloadWith('"name":"Soap, Jane \\" ,{["') }) },
    { name: 'maxTokenLength exactly the token length', token: () => forge(), options: { maxTokenLength: forge().length } },
    { name: 'default maxTokenLength: exactly 8192 characters', token: () => tokenOfLength(8192) },
    { name: 'header members jku/x5u/jwk are kept, never followed', token: () => forge({ header: headerWith('"jku":"https://attacker.example/jwks.json"') }) },
  ];
  it.each(accepted.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = verifier.verifySync(c.token(), c.options);
    expect(result.claims.scope).toBe('user');
    expect(typeof result.user.externalId).toBe('string');
  });

  it('__proto__ stays an own data member and never reaches a prototype', () => {
    const token = forge({
      header: headerWith('"__proto__":{"polluted":true}'),
      payload: payloadWith('"__proto__":{"email":"admin@example.com","email_verified":true,"scope":"admin"}'),
    });
    const { header: h, claims, user } = verifier.verifySync(token);
    for (const object of [h, claims]) {
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect(Object.hasOwn(object, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(object, '__proto__')?.value).toBeTypeOf('object');
    }
    expect(claims.scope).toBe('user');
    expect(user).toEqual({ externalId: '12345678' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'email_verified')).toBe(false);
  });
});

describe('keyrings are checked when the verifier is created', () => {
  const bad: { name: string; keys: () => unknown }[] = [
    { name: 'empty keyring', keys: () => [] },
    { name: 'repeated kid', keys: () => [KEY, { kid: KID, secret: OLD_SECRET }] },
    { name: 'empty secret (ruby-jwt CVE-2026-45363)', keys: () => ({ kid: KID, secret: '' }) },
    { name: 'empty secret among good keys', keys: () => [KEY, { kid: 'app_2', secret: '' }] },
    { name: 'secret of 31 bytes', keys: () => ({ kid: KID, secret: 's'.repeat(31) }) },
    { name: 'empty Uint8Array secret', keys: () => ({ kid: KID, secret: new Uint8Array(0) }) },
    { name: 'secret with a trailing newline from an env file', keys: () => ({ kid: KID, secret: `${SECRET}\n` }) },
    { name: 'secret a number', keys: () => ({ kid: KID, secret: 12345678901234567890 }) },
    { name: 'secret missing', keys: () => ({ kid: KID }) },
    { name: 'kid empty', keys: () => ({ kid: '', secret: SECRET }) },
    { name: 'kid with a space', keys: () => ({ kid: 'app 1', secret: SECRET }) },
    { name: 'kid a number', keys: () => ({ kid: 1, secret: SECRET }) },
    { name: 'null key', keys: () => null },
    { name: 'a string instead of a key', keys: () => SECRET },
    { name: 'a keyring holding undefined', keys: () => [KEY, undefined] },
  ];
  it.each(bad.map((c) => [c.name, c] as const))('%s -> ERR_KEY_INVALID', (_name, c) => {
    expectCode(() => createVerifier(c.keys() as never), 'ERR_KEY_INVALID');
  });

  it('a keyring of 10 keys verifies a token from each of them', () => {
    const ring = Array.from({ length: 10 }, (_, i) => ({ kid: `app_${i}`, secret: `secret-number-${i}-${'x'.repeat(32)}` }));
    const v = createVerifier(ring, { now: NOW });
    for (const key of ring) {
      const token = forge({ header: header({ alg: 'HS256', typ: 'JWT', kid: key.kid }), secret: key.secret });
      expect(v.verifySync(token).header.kid).toBe(key.kid);
    }
  });
});

describe('decodeJwt reads structure as strictly as verify', () => {
  const malformed: { name: string; token: () => unknown }[] = [
    { name: 'two segments', token: () => forge().split('.').slice(0, 2).join('.') },
    { name: 'four segments', token: () => `${forge()}.` },
    { name: 'padding on the payload', token: () => forge({ payloadSegment: `${b64(padToRest(PAYLOAD_TEXT, 3))}=` }) },
    { name: 'non-canonical payload', token: () => forge({ payloadSegment: nonCanonical(b64(padToRest(PAYLOAD_TEXT, 3))) }) },
    { name: 'non-canonical signature', token: () => forge({ signature: signatureNonCanonical }) },
    { name: 'signature with white space', token: () => forge({ signature: (s) => `${s} ` }) },
    { name: 'BOM in the header', token: () => forge({ header: `\uFEFF${HEADER_TEXT}` }) },
    { name: 'invalid UTF-8 in the payload', token: () => forge({ payload: new Uint8Array([0x7b, 0xff, 0x7d]) }) },
    { name: 'payload an array', token: () => forge({ payload: '[]' }) },
    { name: 'header null', token: () => forge({ header: 'null' }) },
    { name: 'duplicate member spelled with an escape', token: () => forge({ payload: payloadWith('"\\u0073cope":"admin"') }) },
    { name: 'duplicate alg in the header', token: () => forge({ header: headerWith('"alg":"none"') }) },
    { name: 'over 8192 characters', token: () => tokenOfLength(8193) },
    { name: 'not a string', token: () => undefined },
  ];
  it.each(malformed.map((c) => [c.name, c] as const))('%s -> ERR_JWT_MALFORMED', (_name, c) => {
    expectCode(() => decodeJwt(c.token() as string), 'ERR_JWT_MALFORMED');
  });

  it('checks neither alg, kid, signature nor claims, and keeps __proto__ as an own member', () => {
    const token = forge({
      header: '{"alg":"none","__proto__":{"x":1}}',
      payload: '{"scope":"admin","exp":1,"__proto__":{"y":2}}',
      signature: '',
    });
    const { header: h, payload: p } = decodeJwt(token);
    expect(h.alg).toBe('none');
    expect(p.scope).toBe('admin');
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(p, '__proto__')?.value).toEqual({ y: 2 });
    expect(decodeJwt(tokenOfLength(8192)).payload.scope).toBe('user');
  });
});
