import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, decodeJwt, verifyJwtSync } from '../src/verify.js';
import { expectJwtError } from './helpers/jwt-error.js';
import { b64, forge, KEY, NOW, payloadWith } from './support/forge.js';

// Written from the surviving mutants of src/verify.ts (npm run mutate).

afterEach(() => {
  vi.useRealTimers();
});

describe('options at their bounds', () => {
  it('maxTokenLength 1 is allowed (and refuses any real token); 0 is not', () => {
    const verifier = createVerifier(KEY, { maxTokenLength: 1 });
    expect(expectJwtError(() => verifier.verifySync(forge(), { now: NOW }), 'ERR_JWT_MALFORMED').message).toContain('maxTokenLength');
    expect(expectJwtError(() => createVerifier(KEY, { maxTokenLength: 0 }), 'ERR_OPTION_INVALID').message).toContain('maxTokenLength');
  });

  it('a token exactly maxTokenLength characters long is accepted; one more character is not', () => {
    const token = forge();
    expect(verifyJwtSync(token, KEY, { now: NOW, maxTokenLength: token.length }).user).toEqual({ externalId: '12345678' });
    expectJwtError(() => verifyJwtSync(token, KEY, { now: NOW, maxTokenLength: token.length - 1 }), 'ERR_JWT_MALFORMED');
  });

  it('clockTolerance 0 is allowed and means none; a negative one is refused', () => {
    const token = forge({ payload: payloadWith(`"exp":${NOW}`) });
    expectJwtError(() => verifyJwtSync(token, KEY, { now: NOW, clockTolerance: 0 }), 'ERR_JWT_EXPIRED');
    expect(verifyJwtSync(token, KEY, { now: NOW - 1, clockTolerance: 0 }).claims.exp).toBe(NOW);
    expect(expectJwtError(() => verifyJwtSync(token, KEY, { now: NOW, clockTolerance: -1 }), 'ERR_OPTION_INVALID').message).toContain(
      'clockTolerance',
    );
  });
});

describe('now', () => {
  it('a verifier without now reads the clock at each call, not once when it was created', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW * 1000);
    const verifier = createVerifier(KEY, { clockTolerance: 0 });
    const token = forge({ payload: payloadWith(`"exp":${NOW + 60}`) });
    expect(verifier.verifySync(token).user).toEqual({ externalId: '12345678' });
    vi.setSystemTime((NOW + 61) * 1000);
    expectJwtError(() => verifier.verifySync(token), 'ERR_JWT_EXPIRED');
    expectJwtError(() => verifier.verifySync(token, {}), 'ERR_JWT_EXPIRED');
  });
});

describe('what an attacker wrote is shown short', () => {
  it('an alg of 40 characters is shown whole; a longer one is cut after 40', () => {
    const alg40 = 'A'.repeat(39) + 'B';
    const whole = expectJwtError(() => verifyJwtSync(forge({ header: { alg: alg40, typ: 'JWT', kid: KEY.kid } }), KEY, { now: NOW }), 'ERR_JWT_UNSUPPORTED');
    expect(whole.message).toContain(JSON.stringify(alg40));
    const alg41 = `${alg40}C`;
    const cut = expectJwtError(() => verifyJwtSync(forge({ header: { alg: alg41, typ: 'JWT', kid: KEY.kid } }), KEY, { now: NOW }), 'ERR_JWT_UNSUPPORTED');
    expect(cut.message).toContain(JSON.stringify(`${alg40}…`));
    expect(cut.message).not.toContain(alg41);
  });
});

describe('decodeJwt', () => {
  it('reads an empty header and payload object ({} has no members to count twice)', () => {
    const token = `${b64('{}')}.${b64('{ }')}.${'A'.repeat(43)}`;
    expect(decodeJwt(token)).toEqual({ header: {}, payload: {} });
  });
});

describe('counting members past escaped backslashes', () => {
  it('a string ending in an escaped backslash closes at its quote: the members after it count', () => {
    // JSON text "a\\" is the two characters a and \ ; the quote after the pair closes the string.
    // The colons in the values make the text hold more colons than members, so it is scanned.
    const token = forge({ payload: '{"scope":"user","external_id":"a:\\\\","name":"b:\\\\\\\\"}' });
    expect(verifyJwtSync(token, KEY, { now: NOW }).user).toEqual({ externalId: 'a:\\', name: 'b:\\\\' });
    const twice = forge({ payload: '{"scope":"user","external_id":"a\\\\","external_id":"b"}' });
    expectJwtError(() => verifyJwtSync(twice, KEY, { now: NOW }), 'ERR_JWT_MALFORMED');
  });

  it('colons inside strings and nested objects are not members: a URL name and a nested object verify', () => {
    const token = forge({ payload: '{"scope":"user","external_id":"urn:a:b","name":"https://x.test/a:b","meta":{"k":{"l":[1,{"m":2}]}}}' });
    expect(verifyJwtSync(token, KEY, { now: NOW }).user).toEqual({ externalId: 'urn:a:b', name: 'https://x.test/a:b' });
    // Commas, braces and brackets inside strings and arrays are not members either.
    const busy = forge({ payload: '{"scope":"user","external_id":"a","tags":[1,2,{"x":3}],"name":"b, c: {d [e"}' });
    expect(verifyJwtSync(busy, KEY, { now: NOW }).user).toEqual({ externalId: 'a', name: 'b, c: {d [e' });
    const twice = forge({ payload: '{"scope":"user","external_id":"urn:a","meta":{"k":1},"external_id":"urn:b"}' });
    expectJwtError(() => verifyJwtSync(twice, KEY, { now: NOW }), 'ERR_JWT_MALFORMED');
  });
});
