import { describe, expect, it } from 'vitest';
import type { JwtErrorCode } from '../src/errors.js';
import { CODE_EXPLANATIONS, FINDINGS, explain, inspectToken, type FindingId } from '../src/inspect.js';
import { forge, goodHeader, goodPayload, NOW } from './helpers/inspect-cases.js';
import { nonCanonical } from './support/forge.js';

const SIGNATURE = 'A'.repeat(43);
const b64 = (bytes: string | Uint8Array): string => Buffer.from(bytes).toString('base64url');
const messages = (token: string, now = NOW): string[] =>
  inspectToken(token, now).findings.map((finding) => `${finding.id}: ${finding.message}`);
const ids = (token: string): string[] => inspectToken(token, NOW).findings.map((finding) => finding.id);

// What the other inspect tests cannot see: they compare each finding with FINDINGS itself, so a
// fix text or a severity emptied in the table would still match.

/** The findings that are not errors: the token may still work, but something is worth changing. */
const NOT_ERRORS: Partial<Record<FindingId, 'warning' | 'info'>> = {
  'typ-missing': 'info',
  'email-without-verified': 'warning',
  'email-verified-without-email': 'info',
  'exp-missing': 'info',
  'exp-far': 'info',
  'iat-milliseconds': 'warning',
};

describe('FINDINGS', () => {
  it('gives each finding its severity: an error unless listed here', () => {
    for (const [id, [severity]] of Object.entries(FINDINGS)) {
      expect(severity, id).toBe(NOT_ERRORS[id as FindingId] ?? 'error');
    }
  });

  it('gives each finding a fix of a sentence or more, and explain returns it', () => {
    for (const [id, [severity, fix]] of Object.entries(FINDINGS)) {
      expect(fix.length, id).toBeGreaterThanOrEqual(30);
      expect(explain(id)).toEqual({ kind: 'finding', severity, text: fix });
    }
  });

  it('names what to change in the fix', () => {
    const mentions: [FindingId, string][] = [
      ['alg-not-hs256', 'HS256'],
      ['typ-wrong', 'JWT'],
      ['kid-missing', 'kid'],
      ['scope-missing', 'scope'],
      ['scope-wrong', 'user'],
      ['camelcase-claims', 'external_id'],
      ['external-id-too-long', '255'],
      ['email-without-verified', 'email_verified'],
      ['exp-milliseconds', 'seconds'],
      ['nbf-milliseconds', 'seconds'],
      ['iat-milliseconds', 'seconds'],
      ['header-unsupported-member', 'crit'],
      ['signature-wrong-length', '43'],
    ];
    for (const [id, word] of mentions) expect(FINDINGS[id][1], id).toContain(word);
  });
});

describe('CODE_EXPLANATIONS', () => {
  it('explains every error code, each in a few sentences that name what to check', () => {
    const codes = Object.keys(CODE_EXPLANATIONS).sort();
    expect(codes).toHaveLength(10);
    const mentions: Record<JwtErrorCode, string> = {
      ERR_CLAIM_INVALID: 'external_id',
      ERR_KEY_INVALID: '32 bytes',
      ERR_JWT_MALFORMED: 'base64url',
      ERR_JWT_UNSUPPORTED: 'HS256',
      ERR_KID_UNKNOWN: 'kid',
      ERR_SIGNATURE_INVALID: 'secret',
      ERR_JWT_EXPIRED: 'exp',
      ERR_JWT_NOT_YET_VALID: 'nbf',
      ERR_RUNTIME_UNSUPPORTED: 'node:crypto',
      ERR_OPTION_INVALID: 'milliseconds',
    };
    expect(codes).toEqual(Object.keys(mentions).sort());
    for (const [code, text] of Object.entries(CODE_EXPLANATIONS)) {
      expect(text.length, code).toBeGreaterThanOrEqual(80);
      expect(text, code).toContain(mentions[code as JwtErrorCode]);
      expect(explain(code)).toEqual({ kind: 'code', text });
    }
  });
});

describe('inspectToken, from the surviving mutants of src/inspect.ts', () => {
  it('reads padded standard base64 (+, / and ==) to the same header, and only says it is not canonical', () => {
    const header = { alg: 'HS256', typ: 'JWT', kid: 'app_?~>>?~' };
    const segment = Buffer.from(JSON.stringify(header)).toString('base64');
    expect(segment).toMatch(/\+.*\/.*==$|\/.*\+.*==$/);
    const result = inspectToken(`${segment}.${b64(JSON.stringify(goodPayload))}.${SIGNATURE}`, NOW);
    expect(result.header).toEqual(header);
    expect(result.findings.map((finding) => finding.id)).toEqual(['base64url-noncanonical']);
  });

  it('finds stray low bits in the header and payload segments, not only in the signature', () => {
    // Both segments end in a character with unused low bits (length mod 4 is 2).
    const header = b64(JSON.stringify({ ...goodHeader, kid: 'app_cli_test1' }));
    const payload = b64(JSON.stringify(goodPayload));
    expect([header.length % 4, payload.length % 4]).toEqual([2, 2]);
    for (const [which, token] of [
      ['header', `${nonCanonical(header)}.${payload}.${SIGNATURE}`],
      ['payload', `${header}.${nonCanonical(payload)}.${SIGNATURE}`],
    ] as const) {
      expect(messages(token), which).toContain(
        `base64url-noncanonical: the ${which} segment is not canonical base64url (padding, + or /, or stray low bits)`,
      );
    }
  });

  it('reads the JSON as strict UTF-8: an invalid byte inside a string is not replaced', () => {
    const bytes = Uint8Array.from([...Buffer.from('{"scope":"user","external_id":"'), 0xff, ...Buffer.from('"}')]);
    expect(messages(`${b64(JSON.stringify(goodHeader))}.${b64(bytes)}.${SIGNATURE}`)).toContain('not-json-object: the payload is not UTF-8 JSON');
  });

  it('a header that is JSON but not an object is reported, whatever its kind', () => {
    for (const json of ['5', 'null', '"HS256"', 'true', '[1]']) {
      const result = inspectToken(`${b64(json)}.${b64(JSON.stringify(goodPayload))}.${SIGNATURE}`, NOW);
      expect(result.header, json).toBeUndefined();
      expect(result.findings.map((finding) => `${finding.id}: ${finding.message}`), json).toEqual(['not-json-object: the header is JSON but not an object']);
    }
  });

  it('tells a Support SDK payload by each of its marks, and only by them', () => {
    const support = (payload: object): boolean => ids(forge(goodHeader, payload)).includes('support-sdk-payload');
    expect(support({ jti: 'j', name: 'Jane' })).toBe(true);
    expect(support({ iat: NOW, name: 'Jane' })).toBe(true);
    expect(support({ iat: NOW, email: 'j@x.com' })).toBe(true);
    // A messaging payload (scope, or no jti/iat) is not one, even without external_id.
    expect(support({ scope: 'user', iat: NOW, name: 'Jane' })).toBe(false);
    expect(support({ name: 'Jane', exp: NOW + 60 })).toBe(false);
  });

  it('lists only the claims a Support SDK payload is missing', () => {
    expect(messages(forge(goodHeader, { ...goodPayload, user_id: 7 }))).toEqual(['support-sdk-payload: the payload has user_id']);
    expect(messages(forge(goodHeader, { scope: 'user', user_id: 7, exp: NOW + 60 }))).toEqual([
      'support-sdk-payload: the payload has user_id and no external_id',
      'external-id-missing: the payload has no external_id',
    ]);
  });

  it('finds a lone surrogate in name and in email too', () => {
    for (const key of ['name', 'email']) {
      const payload = `{"scope":"user","external_id":"u1","email_verified":true,"${key}":"\\udc00"}`;
      expect(messages(`${b64(JSON.stringify(goodHeader))}.${b64(payload)}.${SIGNATURE}`), key).toContain(
        `string-not-well-formed: ${key} has a lone surrogate`,
      );
    }
  });

  it('takes 10^11 as seconds and anything above as milliseconds, for exp, nbf and iat', () => {
    expect(ids(forge(goodHeader, { ...goodPayload, iat: 1e11 }))).toEqual([]);
    expect(ids(forge(goodHeader, { ...goodPayload, iat: 1e11 + 1 }))).toEqual(['iat-milliseconds']);
    expect(ids(forge(goodHeader, { ...goodPayload, exp: 1e11 }))).toEqual(['exp-far']);
    expect(ids(forge(goodHeader, { ...goodPayload, nbf: 1e11 }))).toEqual(['nbf-future']);
    expect(ids(forge(goodHeader, { ...goodPayload, nbf: 1e11 + 1 }))).toEqual(['nbf-milliseconds']);
  });

  it('takes off only quotes around the whole text, and the white space inside them', () => {
    const token = forge(goodHeader, goodPayload);
    expect(ids(`" ${token} "`)).toEqual(['quoted']);
    // A quote inside or at one end only is part of what was pasted, and the token is read as given.
    expect(ids(`x"${token}"`)).not.toContain('quoted');
    expect(ids(`"${token}"x`)).not.toContain('quoted');
  });

  it('takes the token from the first JSON member that is a whole compact JWT, not one that contains one', () => {
    const token = forge(goodHeader, goodPayload);
    const member = (body: object) => messages(JSON.stringify(body)).filter((message) => message.startsWith('json-body'));
    expect(member({ note: 'see a.b.c', jwt: token })).toEqual(['json-body: the text is a JSON object; its "jwt" member holds the token']);
    expect(member({ note: 'a.b.c later', jwt: token })).toEqual(['json-body: the text is a JSON object; its "jwt" member holds the token']);
  });

  it('reads JSON that is not an object (null, an array) as it is, and throws nothing', () => {
    expect(ids('null')).toContain('not-three-segments');
    expect(ids(JSON.stringify([forge(goodHeader, goodPayload)]))).not.toContain('json-body');
  });

  it('shows a millisecond time as the date it would be in seconds', () => {
    expect(messages(forge(goodHeader, { ...goodPayload, exp: (NOW + 600) * 1000 }))).toEqual([
      'exp-milliseconds: exp 1700000600000 is milliseconds (2023-11-14T22:23:20.000Z if divided by 1000)',
    ]);
  });
});
