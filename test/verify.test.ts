import { describe, expect, it } from 'vitest';
import {
  createSigner,
  createVerifier,
  decodeJwt,
  JwtError,
  signJwt,
  signJwtSync,
  verifyJwt,
  verifyJwtSync,
  type JwtErrorCode,
  type SigningKey,
  type VerifyOptions,
} from '../src/index.js';
import { b64, forge, KEY, KID, NOW, OLD_KEY, OLD_KID, OLD_SECRET, payloadWith, SECRET } from './support/forge.js';

function codeOf(run: () => unknown): JwtErrorCode | 'no error' | 'not a JwtError' {
  try {
    run();
    return 'no error';
  } catch (error) {
    return error instanceof JwtError ? error.code : 'not a JwtError';
  }
}

const payload = (extra: Record<string, unknown>): string => JSON.stringify({ scope: 'user', external_id: 'user-42', ...extra });

describe('verifyJwtSync: the return shape', () => {
  it('returns the header, the claims as signed and the user, for a token signJwtSync made', () => {
    const token = signJwtSync({ externalId: 'user-42', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true }, KEY, {
      now: NOW,
    });
    const result = verifyJwtSync(token, KEY, { now: NOW });
    expect(result).toEqual({
      header: { alg: 'HS256', typ: 'JWT', kid: KID },
      claims: { scope: 'user', external_id: 'user-42', name: 'Jane Soap', email: 'jane@example.com', email_verified: true, exp: NOW + 600 },
      user: { externalId: 'user-42', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true },
    });
  });

  it('keeps unknown claims (iat, custom) and an email with email_verified false in claims, not in user', () => {
    const token = forge({ payload: payload({ email: 'jane@example.com', email_verified: false, iat: NOW - 5, plan: { tier: 'gold' } }) });
    const { claims, user } = verifyJwtSync(token, KEY, { now: NOW });
    expect(claims).toEqual({ scope: 'user', external_id: 'user-42', email: 'jane@example.com', email_verified: false, iat: NOW - 5, plan: { tier: 'gold' } });
    expect(user).toEqual({ externalId: 'user-42' });
  });

  it('gives the email to user only when email_verified is true, never without email', () => {
    expect(verifyJwtSync(forge({ payload: payload({ email: 'a@example.com' }) }), KEY, { now: NOW }).user).toEqual({ externalId: 'user-42' });
    expect(verifyJwtSync(forge({ payload: payload({ email_verified: true }) }), KEY, { now: NOW }).user).toEqual({ externalId: 'user-42' });
    expect(verifyJwtSync(forge({ payload: payload({ email: 'a@example.com', email_verified: true }) }), KEY, { now: NOW }).user).toEqual({
      externalId: 'user-42',
      email: 'a@example.com',
      emailVerified: true,
    });
  });

  it('keeps every header member, in any order, with typ absent', () => {
    const token = forge({ header: `{"kid":"${KID}","alg":"HS256","x-trace":"abc","cty":"JWT"}`, payload: payload({}) });
    expect(verifyJwtSync(token, KEY, { now: NOW }).header).toEqual({ kid: KID, alg: 'HS256', 'x-trace': 'abc', cty: 'JWT' });
  });

  it('returns fresh objects: changing a result does not change the next', () => {
    const token = signJwtSync({ externalId: 'user-42' }, KEY, { now: NOW });
    const verifier = createVerifier(KEY, { now: NOW });
    const first = verifier.verifySync(token);
    first.header.kid = 'changed';
    first.claims.external_id = 'changed';
    const second = verifier.verifySync(token);
    expect(second.header.kid).toBe(KID);
    expect(second.claims.external_id).toBe('user-42');
  });

  it('verifies a token without exp when requireExp is off, and refuses it when on', () => {
    const token = signJwtSync({ externalId: 'user-42' }, KEY, { expiresIn: null, now: NOW });
    expect(verifyJwtSync(token, KEY, { now: NOW }).claims.exp).toBeUndefined();
    expect(codeOf(() => verifyJwtSync(token, KEY, { now: NOW, requireExp: true }))).toBe('ERR_CLAIM_INVALID');
    const withExp = signJwtSync({ externalId: 'user-42' }, KEY, { now: NOW });
    expect(verifyJwtSync(withExp, KEY, { now: NOW, requireExp: true }).claims.exp).toBe(NOW + 600);
  });

  it('uses the clock when now is not given', () => {
    const fresh = signJwtSync({ externalId: 'user-42' }, KEY, { expiresIn: 60 });
    expect(verifyJwtSync(fresh, KEY).user.externalId).toBe('user-42');
    const stale = forge({ payload: payload({ exp: Math.floor(Date.now() / 1000) - 5 }) });
    expect(codeOf(() => verifyJwtSync(stale, KEY))).toBe('ERR_JWT_EXPIRED');
  });

  it('names the claim at fault', () => {
    try {
      verifyJwtSync(forge({ payload: payload({ exp: NOW }) }), KEY, { now: NOW });
      expect.unreachable();
    } catch (error) {
      expect(JwtError.is(error)).toBe(true);
      expect(error).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp' });
    }
  });

  it("quotes an attacker's header value short and escaped in the message", () => {
    const long = `${'k'.repeat(40)}TAIL`;
    const messageOf = (token: string): string => {
      try {
        verifyJwtSync(token, KEY, { now: NOW });
      } catch (error) {
        return error instanceof JwtError ? error.message : 'not a JwtError';
      }
      return 'no error';
    };
    const longKid = messageOf(forge({ header: JSON.stringify({ alg: 'HS256', kid: long }) }));
    expect(longKid).toContain(`"${'k'.repeat(40)}…"`);
    expect(longKid).not.toContain('TAIL');
    expect(messageOf(forge({ header: JSON.stringify({ alg: 'none\n"x', kid: KID }) }))).toContain('"none\\n\\"x"');
  });

  it('never puts the secret or the whole token in an error message', () => {
    const token = forge({ payload: payload({ exp: NOW }) });
    const failures: unknown[] = [];
    for (const run of [
      () => verifyJwtSync(token, KEY, { now: NOW }),
      () => verifyJwtSync(forge({ secret: OLD_SECRET }), KEY, { now: NOW }),
      () => verifyJwtSync(token, { kid: KID, secret: `${SECRET} ` }),
      () => createVerifier([KEY, KEY]),
    ]) {
      try {
        run();
      } catch (error) {
        failures.push(error);
      }
    }
    expect(failures).toHaveLength(4);
    for (const error of failures) {
      expect(error).toBeInstanceOf(JwtError);
      const message = (error as JwtError).message;
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain(token);
      expect(message).not.toContain(token.split('.')[2] ?? 'unused');
    }
  });
});

describe('options', () => {
  const token = signJwtSync({ externalId: 'user-42' }, KEY, { now: NOW });
  const bad: [string, VerifyOptions][] = [
    ['now a fraction', { now: NOW + 0.5 }],
    ['now in milliseconds', { now: NOW * 1000 }],
    ['now negative', { now: -1 }],
    ['now NaN', { now: Number.NaN }],
    ['now a string', { now: String(NOW) as unknown as number }],
    ['now null', { now: null as unknown as number }],
    ['now above 2^53', { now: 2 ** 53 }],
    ['clockTolerance negative', { clockTolerance: -1 }],
    ['clockTolerance Infinity', { clockTolerance: Number.POSITIVE_INFINITY }],
    ['clockTolerance NaN', { clockTolerance: Number.NaN }],
    ['clockTolerance a string', { clockTolerance: '30' as unknown as number }],
    ['maxTokenLength 0', { maxTokenLength: 0 }],
    ['maxTokenLength negative', { maxTokenLength: -5 }],
    ['maxTokenLength a fraction', { maxTokenLength: 100.5 }],
    ['maxTokenLength Infinity', { maxTokenLength: Number.POSITIVE_INFINITY }],
    ['requireExp "true"', { requireExp: 'true' as unknown as boolean }],
  ];
  it.each(bad)('%s -> ERR_OPTION_INVALID on every entry point', async (_name, options) => {
    expect(codeOf(() => verifyJwtSync(token, KEY, options))).toBe('ERR_OPTION_INVALID');
    expect(codeOf(() => createVerifier(KEY, options))).toBe('ERR_OPTION_INVALID');
    expect(codeOf(() => createVerifier(KEY).verifySync(token, options))).toBe('ERR_OPTION_INVALID');
    await expect(verifyJwt(token, KEY, options)).rejects.toMatchObject({ code: 'ERR_OPTION_INVALID' });
  });

  it('refuses options that are not an object', () => {
    expect(codeOf(() => verifyJwtSync(token, KEY, null as unknown as VerifyOptions))).toBe('ERR_OPTION_INVALID');
    expect(codeOf(() => createVerifier(KEY, 5 as unknown as VerifyOptions))).toBe('ERR_OPTION_INVALID');
  });

  it('checks options before reading the token', () => {
    expect(codeOf(() => verifyJwtSync('garbage', KEY, { clockTolerance: -1 }))).toBe('ERR_OPTION_INVALID');
  });

  it('accepts boundary values: now 0, tolerance 0 and fractions, maxTokenLength 1', () => {
    expect(codeOf(() => verifyJwtSync(forge({ payload: payload({}) }), KEY, { now: 0 }))).toBe('no error');
    expect(codeOf(() => verifyJwtSync(forge({ payload: payload({ exp: NOW }) }), KEY, { now: NOW, clockTolerance: 0.5 }))).toBe('no error');
    expect(codeOf(() => verifyJwtSync(token, KEY, { now: NOW, maxTokenLength: 1 }))).toBe('ERR_JWT_MALFORMED');
  });

  it('per-call options override the defaults field by field; undefined keeps the default', () => {
    const expiredSoon = forge({ payload: payload({ exp: NOW - 10 }) });
    const verifier = createVerifier(KEY, { now: NOW, clockTolerance: 30, requireExp: true });
    // Only now is overridden: the tolerance of 30 still applies.
    expect(codeOf(() => verifier.verifySync(expiredSoon, { now: NOW + 15 }))).toBe('no error');
    expect(codeOf(() => verifier.verifySync(expiredSoon, { now: NOW + 20 }))).toBe('ERR_JWT_EXPIRED');
    // Only the tolerance is overridden: now stays the default.
    expect(codeOf(() => verifier.verifySync(expiredSoon, { clockTolerance: 0 }))).toBe('ERR_JWT_EXPIRED');
    expect(codeOf(() => verifier.verifySync(expiredSoon, { clockTolerance: undefined } as unknown as VerifyOptions))).toBe('no error');
    // requireExp from the defaults, and overridden.
    const noExp = forge({ payload: payload({}) });
    expect(codeOf(() => verifier.verifySync(noExp))).toBe('ERR_CLAIM_INVALID');
    expect(codeOf(() => verifier.verifySync(noExp, { requireExp: false }))).toBe('no error');
    // maxTokenLength per call, then back to the default on the next call.
    expect(codeOf(() => verifier.verifySync(noExp, { requireExp: false, maxTokenLength: 10 }))).toBe('ERR_JWT_MALFORMED');
    expect(codeOf(() => verifier.verifySync(noExp, { requireExp: false }))).toBe('no error');
  });

  it('reads each option once, so a getter cannot pass the check and then change', () => {
    let reads = 0;
    const options: VerifyOptions = {
      now: NOW,
      get clockTolerance(): number {
        reads++;
        return reads === 1 ? 0 : -1;
      },
    };
    expect(codeOf(() => verifyJwtSync(token, KEY, options))).toBe('no error');
    expect(reads).toBe(1);
  });

  it('turns an options object whose getter throws into ERR_OPTION_INVALID', () => {
    const throwing = Object.defineProperty({}, 'now', {
      get() {
        throw new Error('boom');
      },
    }) as VerifyOptions;
    expect(codeOf(() => verifyJwtSync(token, KEY, throwing))).toBe('ERR_OPTION_INVALID');
  });
});

describe('keyrings and rotation', () => {
  it('verifies a token signed with the older key of the ring, and reports its kid', () => {
    const oldToken = signJwtSync({ externalId: 'user-42' }, OLD_KEY, { now: NOW });
    const result = verifyJwtSync(oldToken, [KEY, OLD_KEY], { now: NOW });
    expect(result.header.kid).toBe(OLD_KID);
    expect(result.user.externalId).toBe('user-42');
  });

  it('refuses a token whose kid is not in the ring with ERR_KID_UNKNOWN (the retired key)', () => {
    const oldToken = signJwtSync({ externalId: 'user-42' }, OLD_KEY, { now: NOW });
    expect(codeOf(() => verifyJwtSync(oldToken, [KEY], { now: NOW }))).toBe('ERR_KID_UNKNOWN');
  });

  it('accepts a single key, an array of one, a frozen array and Uint8Array secrets', () => {
    const bytes = new TextEncoder().encode(SECRET);
    const token = signJwtSync({ externalId: 'user-42' }, KEY, { now: NOW });
    for (const keys of [KEY, [KEY], Object.freeze([OLD_KEY, KEY]), { kid: KID, secret: bytes }]) {
      expect(verifyJwtSync(token, keys, { now: NOW }).header.kid).toBe(KID);
    }
  });

  it('copies the keyring: changing the caller array or secret bytes later changes nothing', () => {
    const bytes = new TextEncoder().encode(SECRET);
    const ring = [{ kid: KID, secret: bytes }];
    const verifier = createVerifier(ring, { now: NOW });
    ring.length = 0;
    bytes.fill(0);
    expect(verifier.verifySync(signJwtSync({ externalId: 'user-42' }, KEY, { now: NOW })).header.kid).toBe(KID);
  });

  it('throws ERR_KEY_INVALID from createVerifier at once, before any token', () => {
    expect(codeOf(() => createVerifier([]))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => createVerifier([KEY, { kid: KID, secret: OLD_SECRET }]))).toBe('ERR_KEY_INVALID');
    expect(codeOf(() => createVerifier({ kid: KID, secret: 'short' }))).toBe('ERR_KEY_INVALID');
  });

  it('turns a hostile keyring (revoked Proxy, throwing traps) into ERR_KEY_INVALID, never another error', async () => {
    const revoked = Proxy.revocable([KEY], {});
    revoked.revoke();
    const throwing = new Proxy([KEY], {
      get(target, property, receiver) {
        if (property === 'length' || property === Symbol.iterator) throw new Error('trap');
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    for (const keys of [revoked.proxy, throwing]) {
      expect(codeOf(() => createVerifier(keys))).toBe('ERR_KEY_INVALID');
      expect(codeOf(() => verifyJwtSync('a.b.c', keys))).toBe('ERR_KEY_INVALID');
      await expect(verifyJwt('a.b.c', keys)).rejects.toMatchObject({ name: 'JwtError', code: 'ERR_KEY_INVALID' });
    }
  });

  it('reads the keyring once: a getter on an element cannot answer differently later', () => {
    let reads = 0;
    const ring: SigningKey[] = [];
    Object.defineProperty(ring, 0, {
      enumerable: true,
      get() {
        reads++;
        return reads === 1 ? KEY : { kid: KID, secret: OLD_SECRET };
      },
    });
    const verifier = createVerifier(ring, { now: NOW });
    expect(verifier.verifySync(signJwtSync({ externalId: 'user-42' }, KEY, { now: NOW })).header.kid).toBe(KID);
    expect(reads).toBe(1);
  });

  it('checks the keyring before the token, in verifyJwtSync too', () => {
    expect(codeOf(() => verifyJwtSync('not a token', []))).toBe('ERR_KEY_INVALID');
  });
});

describe('async API', () => {
  const token = signJwtSync({ externalId: 'user-42', name: 'Jane' }, KEY, { now: NOW });

  it('verifyJwt and verifier.verify give the same result as the sync twins', async () => {
    const verifier = createVerifier([OLD_KEY, KEY], { now: NOW });
    expect(await verifyJwt(token, KEY, { now: NOW })).toEqual(verifyJwtSync(token, KEY, { now: NOW }));
    expect(await verifier.verify(token)).toEqual(verifier.verifySync(token));
  });

  it('verifies what signJwt and createSigner produce', async () => {
    const signer = createSigner(KEY, { now: NOW, expiresIn: 60 });
    expect((await verifyJwt(await signer.sign({ externalId: 'a' }), KEY, { now: NOW })).claims.exp).toBe(NOW + 60);
    expect(verifyJwtSync(signer.signSync({ externalId: 'b' }), KEY, { now: NOW }).user.externalId).toBe('b');
    expect((await verifyJwt(await signJwt({ externalId: 'c' }, KEY, { now: NOW }), KEY, { now: NOW })).user.externalId).toBe('c');
  });

  it('rejects rather than throws, for every kind of failure', async () => {
    const calls: (() => Promise<unknown>)[] = [
      () => verifyJwt('x', KEY),
      () => verifyJwt(token, []),
      () => verifyJwt(token, KEY, { now: -1 }),
      () => verifyJwt(forge({ signature: '' }), KEY),
      () => createVerifier(KEY).verify(token, { maxTokenLength: 0 }),
      () => createVerifier(KEY).verify(42 as unknown as string),
    ];
    for (const call of calls) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = call();
      }).not.toThrow();
      await expect(promise).rejects.toBeInstanceOf(JwtError);
    }
  });
});

describe('decodeJwt', () => {
  it('returns the header and payload without checking the signature or the claims', () => {
    const token = forge({ header: `{"alg":"HS256","kid":"someone-else"}`, payload: payloadWith('"exp":1'), signature: 'AAAA' });
    expect(decodeJwt(token)).toEqual({
      header: { alg: 'HS256', kid: 'someone-else' },
      payload: { scope: 'user', external_id: '12345678', exp: 1 },
    });
  });

  it('finds the kid of a token signed by us', () => {
    expect(decodeJwt(signJwtSync({ externalId: 'u' }, OLD_KEY)).header.kid).toBe(OLD_KID);
  });

  it('refuses what is not structurally a JWT with ERR_JWT_MALFORMED', () => {
    expect(codeOf(() => decodeJwt('a.b'))).toBe('ERR_JWT_MALFORMED');
    expect(codeOf(() => decodeJwt(`${b64('{}')}.${b64('[]')}.`))).toBe('ERR_JWT_MALFORMED');
    expect(codeOf(() => decodeJwt(`${b64('{}')}.${b64('{}')}.`))).toBe('no error');
  });
});
