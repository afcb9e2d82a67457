import { describe, expect, it } from 'vitest';
import { base64urlEncode, signJwtSync } from '../src/index.js';
import { CODE_EXPLANATIONS, FINDINGS, escapeForTerminal, explain, inspectToken, MAX_INPUT_BYTES, type FindingId } from '../src/inspect.js';
import { cases, forge, goodHeader, goodPayload, KID, NOW } from './helpers/inspect-cases.js';

const ids = (token: string, now = NOW): string[] => inspectToken(token, now).findings.map((finding) => finding.id);
const messages = (token: string): string[] => inspectToken(token, NOW).findings.map((finding) => `${finding.id}: ${finding.message}`);

describe('inspectToken', () => {
  it.each(cases)('reports %s with its severity and fix', (id, token, message) => {
    const { findings, signatureChecked } = inspectToken(token, NOW);
    expect(signatureChecked).toBe(false);
    const finding = findings.find((candidate) => candidate.id === id && candidate.message.includes(message));
    expect(finding, JSON.stringify(findings)).toEqual({
      id,
      severity: FINDINGS[id as FindingId][0],
      message: expect.stringContaining(message) as unknown as string,
      fix: FINDINGS[id as FindingId][1],
    });
  });

  it('has a case for every finding', () => {
    expect(new Set(cases.map(([id]) => id))).toEqual(new Set(Object.keys(FINDINGS)));
  });

  it('finds nothing in a token this library signs, and returns what it decoded', () => {
    const token = signJwtSync({ externalId: 'u1', name: 'Jane', email: 'j@x.com', emailVerified: true }, { kid: KID, secret: 'inspect-secret-0123456789abcdef0123' }, { now: NOW });
    const result = inspectToken(` ${token}\n`, NOW);
    expect(result.findings).toEqual([]);
    expect(result.header).toEqual(goodHeader);
    expect(result.payload).toEqual({ scope: 'user', external_id: 'u1', name: 'Jane', email: 'j@x.com', email_verified: true, exp: NOW + 600 });
  });

  it('reads what it can of a broken token', () => {
    expect(messages('not a token')).toEqual([
      'not-three-segments: the text has 1 segment separated by "."; a JWT has 3',
      'segment-unreadable: the header segment is not base64 or base64url',
    ]);
    const two = inspectToken(`${base64urlEncode(JSON.stringify(goodHeader))}.${base64urlEncode(JSON.stringify(goodPayload))}`, NOW);
    expect(two.findings.map((finding) => finding.id)).toEqual(['not-three-segments']);
    expect(two.payload).toEqual(goodPayload);
    // A length no base64 text can have (mod 4 is 1).
    expect(ids(forge(goodHeader, goodPayload, 'AAAAA'))).toEqual(['segment-unreadable']);
    expect(ids(`${base64urlEncode(new Uint8Array([0xff, 0xfe]))}.${base64urlEncode(JSON.stringify(goodPayload))}.${'A'.repeat(43)}`)).toEqual(['not-json-object']);
  });

  it('words each variant of a finding', () => {
    expect(messages(forge({ ...goodHeader, kid: 'has space' }, goodPayload))).toEqual(['kid-invalid: kid is not visible ASCII']);
    expect(messages(forge({ typ: 'JWT', kid: KID }, goodPayload))).toEqual(['alg-not-hs256: the header has no alg']);
    expect(messages(forge({ ...goodHeader, b64: false }, goodPayload))).toEqual(['header-unsupported-member: the header has "b64"']);
    expect(messages(forge(goodHeader, { ...goodPayload, external_id: null }))).toEqual(['external-id-not-string: external_id is null']);
    expect(messages(forge(goodHeader, { ...goodPayload, external_id: true }))).toEqual(['external-id-not-string: external_id is a boolean']);
    expect(messages(forge(goodHeader, { ...goodPayload, name: null }))).toEqual(['name-not-string: name is null']);
    expect(messages(forge(goodHeader, { ...goodPayload, email: 5, email_verified: true }))).toEqual(['email-not-string: email is a number']);
    expect(messages(forge(goodHeader, { ...goodPayload, email: 'j@x.com', email_verified: false }))).toEqual([
      'email-without-verified: email is present with email_verified false',
    ]);
    expect(messages(forge(goodHeader, { ...goodPayload, external_id: 'a'.repeat(255) }))).toEqual([]);
    expect(messages(forge(goodHeader, { ...goodPayload, exp: NOW }))).toEqual([
      'exp-expired: exp 1700000000 (2023-11-14T22:13:20.000Z) is 0 seconds before now (2023-11-14T22:13:20.000Z)',
    ]);
    expect(messages(forge(goodHeader, { ...goodPayload, exp: NOW + 86_400 }))).toEqual([]);
    expect(messages(forge(goodHeader, { ...goodPayload, nbf: NOW }))).toEqual([]);
    expect(messages(forge(goodHeader, { ...goodPayload, iat: NOW }))).toEqual([]);
    expect(messages(forge(goodHeader, { ...goodPayload, exp: 9e15 }))).toEqual(['exp-milliseconds: exp 9000000000000000 is milliseconds (out of range if divided by 1000)']);
    expect(messages(forge(goodHeader, { ...goodPayload, exp: 2 ** 60 }))).toEqual(['exp-not-integer: exp is 1152921504606847000']);
    // jsonwebtoken's iat beside a proper messaging payload is not a Support SDK token.
    expect(ids(forge(goodHeader, { ...goodPayload, name: 'J', iat: NOW }))).toEqual([]);
    expect(ids(forge(goodHeader, { external_id: 'u1', name: 'J', iat: NOW, exp: NOW + 60 }))).toEqual(['scope-missing']);
    expect(ids(forge(goodHeader, { email: 'j@x.com', iat: NOW, exp: NOW + 60 }))).toContain('support-sdk-payload');
    expect(ids(forge(goodHeader, { jti: 'j', exp: NOW + 60 }))).not.toContain('support-sdk-payload');
  });

  it('takes a Bearer prefix, quotes and a JSON answer off, in any nesting, and still reads the token', () => {
    const token = forge(goodHeader, goodPayload);
    expect(inspectToken(`Bearer ${token}`, NOW)).toMatchObject({ header: goodHeader, payload: goodPayload });
    expect(ids(`bearer   ${token}`)).toEqual(['bearer-prefix']);
    expect(ids(`'Bearer ${token}'`)).toEqual(['quoted', 'bearer-prefix']);
    expect(ids(`\`${token}\``)).toEqual(['quoted']);
    expect(ids(`"Bearer ${token}"`)).toEqual(['quoted', 'bearer-prefix']);
    expect(ids(JSON.stringify({ token: ` ${token} ` }))).toEqual(['json-body']);
    expect(ids(`Bearer ${JSON.stringify({ jwt: `'${token}'` })}`)).toEqual(['bearer-prefix', 'json-body', 'quoted']);
    expect(messages(JSON.stringify({ exp: 1, jwt: token }))).toEqual(['json-body: the text is a JSON object; its "jwt" member holds the token']);
    // What is wrapped is still checked: the prefix does not hide the token's own problems.
    expect(ids(`Bearer ${forge(goodHeader, { ...goodPayload, scope: 'app' })}`)).toEqual(['bearer-prefix', 'scope-app']);
    // JSON without a token-like member, or not an object, is read as it is.
    expect(ids(JSON.stringify({ jwt: 'abc' }))).toContain('not-three-segments');
    expect(ids(JSON.stringify({ jwt: 'a.b' }))).toContain('not-three-segments');
    expect(ids('{"jwt": ')).toContain('not-three-segments');
    expect(ids('{}')).not.toContain('json-body');
    expect(ids('"a"')).toEqual(['quoted', 'not-three-segments', 'segment-unreadable']);
    expect(ids('"')).not.toContain('quoted');
  });

  it('names an act_ kid and scope "app" instead of the generic findings', () => {
    expect(ids(forge({ ...goodHeader, kid: 'act_x' }, { ...goodPayload, scope: 'app' }))).toEqual(['kid-account-key', 'scope-app']);
    expect(ids(forge({ ...goodHeader, kid: 'app_x_act_' }, goodPayload))).toEqual([]);
  });

  it('takes now into account', () => {
    const token = forge(goodHeader, goodPayload);
    expect(ids(token, NOW + 599)).toEqual([]);
    expect(ids(token, NOW + 600)).toEqual(['exp-expired']);
  });
});

describe('explain', () => {
  it('knows every code and finding, and nothing else', () => {
    expect(explain('ERR_JWT_EXPIRED')).toEqual({ kind: 'code', text: CODE_EXPLANATIONS.ERR_JWT_EXPIRED });
    expect(explain('kid-missing')).toEqual({ kind: 'finding', severity: 'error', text: FINDINGS['kid-missing'][1] });
    expect(explain('toString')).toBeUndefined();
    expect(explain('nope')).toBeUndefined();
  });
});

describe('escapeForTerminal', () => {
  it('escapes C0, DEL, C1 (U+009B, a terminal CSI), bidi and invisible controls; keeps line feeds and ordinary text', () => {
    const unsafe = ['\u0000', '\u0007', '\t', '\r', '\u001b', '\u007f', '\u0085', '\u009b', '\u00ad', '\u061c', '\u180e', '\u200b', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\ufff9', '\ufffb'];
    for (const char of unsafe) {
      const escaped = escapeForTerminal(`a${char}b`);
      expect(escaped, char.charCodeAt(0).toString(16)).toBe(`a\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    }
    expect(escapeForTerminal('line 1\nJané 😀 – “quoted” ש')).toBe('line 1\nJané 😀 – “quoted” ש');
  });

  it('keeps JSON valid and equal: the escape means the same character', () => {
    const value = { name: 'evil\u202e\u009b[2J\u001b]0;x\u0007\\\u2066', n: 1 };
    const printed = escapeForTerminal(JSON.stringify(value, null, 2));
    expect(printed).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(printed)).toEqual(value);
  });

  it('states the input limit: 64 KB', () => {
    expect(MAX_INPUT_BYTES).toBe(65_536);
  });
});

