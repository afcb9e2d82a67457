import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, utf8Decode } from '../src/base64url.js';
import type { ClaimOptions, MessagingUser } from '../src/claims.js';
import { JwtError } from '../src/errors.js';
import { createSigner, encodeClaims, prepareKey, signJwt, signJwtSync, type SigningKey } from '../src/sign.js';
import { expectJwtError, expectJwtRejection, rejected, thrown } from './helpers/jwt-error.js';
import { isSync } from './helpers/mac.js';

const NOW = 1_700_000_000;
const SECRET = 'zendesk-shared-secret-0123456789abcdef';
const KEY: SigningKey = { kid: 'app_5963ceb97cde542d000dbdb1', secret: SECRET };
const loose = <T>(value: unknown): T => value as T;

function segments(token: string): { header: string; payload: string; signature: string } {
  const [header, payload, signature, ...rest] = token.split('.');
  expect(rest).toEqual([]);
  return {
    header: utf8Decode(base64urlDecode(header ?? ''), 'header'),
    payload: utf8Decode(base64urlDecode(payload ?? ''), 'payload'),
    signature: signature ?? '',
  };
}

function hs256(secret: string | Uint8Array, input: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

/** Every way to sign, sync and async, one-shot and through a signer; all must agree. */
async function signAllWays(user: MessagingUser, key: SigningKey, options?: ClaimOptions): Promise<string> {
  const token = signJwtSync(user, key, options);
  expect(await signJwt(user, key, options)).toBe(token);
  const signer = createSigner(key);
  expect(signer.signSync(user, options)).toBe(token);
  expect(await signer.sign(user, options)).toBe(token);
  return token;
}

describe('the token', () => {
  it('has the exact header {"alg":"HS256","typ":"JWT","kid":…}', async () => {
    const token = await signAllWays({ externalId: 'user-42' }, KEY, { now: NOW });
    expect(segments(token).header).toBe('{"alg":"HS256","typ":"JWT","kid":"app_5963ceb97cde542d000dbdb1"}');
    expect(token.split('.')[0]).toBe(base64urlEncode('{"alg":"HS256","typ":"JWT","kid":"app_5963ceb97cde542d000dbdb1"}'));
  });

  it('has the payload keys in MessagingClaims order, whatever the order of the user object', async () => {
    const user: MessagingUser = { emailVerified: true, email: 'jane@example.com', name: 'Jane Soap', externalId: 'user-42' };
    const token = await signAllWays(user, KEY, { now: NOW, expiresIn: 300 });
    expect(segments(token).payload).toBe(
      `{"scope":"user","external_id":"user-42","name":"Jane Soap","email":"jane@example.com","email_verified":true,"exp":${NOW + 300}}`,
    );
    expect(segments(await signAllWays({ externalId: 'u' }, KEY, { now: NOW, expiresIn: null })).payload).toBe(
      '{"scope":"user","external_id":"u"}',
    );
  });

  it('is signed with HMAC-SHA256 over the UTF-8 bytes of the secret string', async () => {
    const token = await signAllWays({ externalId: 'user-42', name: 'Zoë 🍕' }, KEY, { now: NOW });
    const input = token.slice(0, token.lastIndexOf('.'));
    expect(segments(token).signature).toBe(hs256(SECRET, input));
    expect(segments(token).signature).toBe(hs256(Buffer.from(SECRET, 'utf8'), input));
  });

  it('is the same for the same input (deterministic with now)', async () => {
    const user: MessagingUser = { externalId: 'u', name: 'N' };
    expect(await signAllWays(user, KEY, { now: NOW })).toBe(signJwtSync({ ...user }, { ...KEY }, { now: NOW }));
    expect(signJwtSync(user, KEY, { now: NOW })).not.toBe(signJwtSync(user, KEY, { now: NOW + 1 }));
  });

  it('escapes JSON in kid and in the claims as JSON.stringify does', async () => {
    const key: SigningKey = { kid: 'a"b\\c', secret: SECRET };
    const token = await signAllWays({ externalId: 'x"y\\z\n\u2028', name: '</script>' }, key, { now: NOW });
    const { header, payload } = segments(token);
    expect(header).toBe(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'a"b\\c' }));
    expect(JSON.parse(payload)).toEqual({ scope: 'user', external_id: 'x"y\\z\n\u2028', name: '</script>', exp: NOW + 600 });
    expect(payload).toBe(JSON.stringify({ scope: 'user', external_id: 'x"y\\z\n\u2028', name: '</script>', exp: NOW + 600 }));
  });

  it('encodeClaims writes the same bytes as JSON.stringify of the claims', () => {
    const claims = { scope: 'user', external_id: 'u', name: 'n', email: 'e', email_verified: true, exp: 5 } as const;
    expect(encodeClaims(claims)).toBe(JSON.stringify(claims));
    expect(encodeClaims({ scope: 'user', external_id: '"' })).toBe(JSON.stringify({ scope: 'user', external_id: '"' }));
  });

  it('writes the payload as JSON.stringify of buildClaims, every field in order', () => {
    const user = { externalId: 'u', name: 'n', email: 'e', emailVerified: true };
    const payload = Buffer.from(signJwtSync(user, KEY, { now: NOW }).split('.')[1] as string, 'base64url').toString();
    expect(payload).toBe(JSON.stringify({ scope: 'user', external_id: 'u', name: 'n', email: 'e', email_verified: true, exp: NOW + 600 }));
  });
});

describe('kid', () => {
  it('accepts any non-empty visible ASCII (U+0021 to U+007E)', () => {
    for (const kid of ['!', '~', 'app_5963ceb97cde542d000dbdb1', '{"x":1}']) {
      expect(createSigner({ kid, secret: SECRET }).kid).toBe(kid);
    }
    let everyVisible = '';
    for (let c = 0x21; c <= 0x7e; c++) everyVisible += String.fromCharCode(c);
    expect(JSON.parse(segments(signJwtSync({ externalId: 'u' }, { kid: everyVisible, secret: SECRET })).header).kid).toBe(everyVisible);
  });

  it('refuses empty, white space, controls, non-ASCII and non-strings with ERR_KEY_INVALID', () => {
    for (const kid of ['', ' ', 'app 1', ' app', 'app\n', 'app\t', '\x7f', '\x00', 'appé', 'app\u00a0', '😀', 42, null, undefined, ['app'], {}]) {
      const error = expectJwtError(() => createSigner({ kid: loose<string>(kid), secret: SECRET }), 'ERR_KEY_INVALID', null);
      expect(error.message).toMatch(/^kid /);
      expectJwtError(() => signJwtSync({ externalId: 'u' }, { kid: loose<string>(kid), secret: SECRET }), 'ERR_KEY_INVALID');
    }
  });
});

describe('secret', () => {
  it('needs at least 32 UTF-8 bytes in a string', () => {
    expect(createSigner({ kid: 'k', secret: 'x'.repeat(32) }).kid).toBe('k');
    const short = expectJwtError(() => createSigner({ kid: 'k', secret: 'x'.repeat(31) }), 'ERR_KEY_INVALID');
    expect(short.message).toContain('31 bytes');
    // Bytes, not UTF-16 units: 16 'é' are 32 bytes, 8 emoji are 32 bytes; 15 'é' + 1 are 31.
    expect(createSigner({ kid: 'k', secret: 'é'.repeat(16) }).kid).toBe('k');
    expect(createSigner({ kid: 'k', secret: '😀'.repeat(8) }).kid).toBe('k');
    expectJwtError(() => createSigner({ kid: 'k', secret: `${'é'.repeat(15)}a` }), 'ERR_KEY_INVALID');
    expectJwtError(() => createSigner({ kid: 'k', secret: '' }), 'ERR_KEY_INVALID');
  });

  it('needs at least 32 bytes in a Uint8Array, and takes any bytes as they are', () => {
    expectJwtError(() => createSigner({ kid: 'k', secret: new Uint8Array(31) }), 'ERR_KEY_INVALID');
    // Zero bytes and white-space bytes at the ends are fine in raw bytes: no trimming there.
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 || i === 31 ? 0x20 : i % 2 === 0 ? 0 : 0xff));
    const token = signJwtSync({ externalId: 'u' }, { kid: 'k', secret: bytes }, { now: NOW });
    expect(segments(token).signature).toBe(hs256(bytes, token.slice(0, token.lastIndexOf('.'))));
    const buffer = Buffer.from(SECRET, 'utf8');
    expect(signJwtSync({ externalId: 'u' }, { kid: 'k', secret: buffer }, { now: NOW })).toBe(
      signJwtSync({ externalId: 'u' }, { kid: 'k', secret: SECRET }, { now: NOW }),
    );
    const view = new Uint8Array(100).fill(5).subarray(10, 42);
    expect(segments(signJwtSync({ externalId: 'u' }, { kid: 'k', secret: view }, { now: NOW })).signature).toBe(
      segments(signJwtSync({ externalId: 'u' }, { kid: 'k', secret: new Uint8Array(32).fill(5) }, { now: NOW })).signature,
    );
  });

  it('copies a Uint8Array: changing the caller array later does not change a signer\'s tokens', () => {
    const bytes = new Uint8Array(32).fill(1);
    const signer = createSigner({ kid: 'k', secret: bytes }, { now: NOW });
    const before = signer.signSync({ externalId: 'u' });
    bytes.fill(2);
    expect(signer.signSync({ externalId: 'u' })).toBe(before);
    expect(segments(before).signature).toBe(hs256(new Uint8Array(32).fill(1), before.slice(0, before.lastIndexOf('.'))));
  });

  it('refuses a string that is not equal to its trim(): the env-file newline', () => {
    for (const secret of [`${SECRET}\n`, `${SECRET}\r\n`, ` ${SECRET}`, `${SECRET}\t`, `\u00a0${SECRET}`, `${SECRET}\ufeff`]) {
      const error = expectJwtError(() => createSigner({ kid: 'k', secret }), 'ERR_KEY_INVALID');
      expect(error.message).toContain('trim');
    }
    // Inner white space is part of the secret.
    expect(createSigner({ kid: 'k', secret: `${SECRET} ${SECRET}` }).kid).toBe('k');
  });

  it('refuses a lone surrogate, which has no UTF-8 form', () => {
    expectJwtError(() => createSigner({ kid: 'k', secret: `${SECRET}\ud800x` }), 'ERR_KEY_INVALID');
  });

  it('refuses anything but a string or a Uint8Array', () => {
    for (const secret of [null, undefined, 42, Array.from(new Uint8Array(32)), new ArrayBuffer(32), new Uint16Array(32), new DataView(new ArrayBuffer(32)), {}]) {
      expectJwtError(() => createSigner({ kid: 'k', secret: loose<string>(secret) }), 'ERR_KEY_INVALID', null);
    }
  });
});

describe('the key object', () => {
  it('must be an object', () => {
    for (const key of [null, undefined, 'app_1', 42]) {
      expectJwtError(() => createSigner(loose<SigningKey>(key)), 'ERR_KEY_INVALID');
      expectJwtError(() => signJwtSync({ externalId: 'u' }, loose<SigningKey>(key)), 'ERR_KEY_INVALID');
    }
  });

  it('turns getters that throw, Proxies, revoked Proxies and detached buffers into ERR_KEY_INVALID', () => {
    const boom = new Error('boom');
    const throwingGetter = {
      kid: 'k',
      get secret(): string {
        throw boom;
      },
    };
    expect(expectJwtError(() => createSigner(throwingGetter), 'ERR_KEY_INVALID').cause).toBe(boom);
    const trap = (): never => {
      throw boom;
    };
    expectJwtError(() => createSigner(new Proxy(KEY, { get: trap })), 'ERR_KEY_INVALID');
    const revoked = Proxy.revocable(KEY, {});
    revoked.revoke();
    expectJwtError(() => createSigner(revoked.proxy), 'ERR_KEY_INVALID');
    const revokedKid = Proxy.revocable({}, {});
    revokedKid.revoke();
    expectJwtError(() => createSigner({ kid: loose<string>(revokedKid.proxy), secret: SECRET }), 'ERR_KEY_INVALID');
    expectJwtError(() => createSigner({ kid: 'k', secret: new Proxy(new Uint8Array(40), {}) }), 'ERR_KEY_INVALID');
    expectJwtError(
      () => createSigner({ kid: 'k', secret: loose<Uint8Array>(new Proxy({}, { getPrototypeOf: trap })) }),
      'ERR_KEY_INVALID',
    );
    const buffer = new ArrayBuffer(40);
    const detached = new Uint8Array(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    expectJwtError(() => createSigner({ kid: 'k', secret: detached }), 'ERR_KEY_INVALID');
  });

  it('is read once: kid and secret are taken when the signer is made', () => {
    let reads = 0;
    const key = {
      kid: 'k',
      get secret(): string {
        reads++;
        return reads === 1 ? SECRET : 'short';
      },
    };
    const signer = createSigner(key, { now: NOW });
    expect(signer.signSync({ externalId: 'u' })).toBe(signJwtSync({ externalId: 'u' }, { kid: 'k', secret: SECRET }, { now: NOW }));
    expect(reads).toBe(1);
  });

  it('prepareKey holds the encoded header segment, made once', () => {
    const prepared = prepareKey(KEY);
    expect(prepared.kid).toBe(KEY.kid);
    expect(prepared.headerSegment).toBe(base64urlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: KEY.kid })));
    expect(isSync(prepared.hmac)).toBe(true);
  });
});

describe('no secret in any error message', () => {
  const secrets = ['TOPSECRET-distinctive-value-1234567890', 'TOPSECRET-short', 'TOPSECRET-with-newline-1234567890123\n', ' TOPSECRET-leading-space-12345678901234', 'TOPSECRET-lone-\ud800-surrogate-1234567890'];

  it('in key errors, whatever is wrong with the key', () => {
    // A kid that holds the secret (pasted into the wrong field) must not be echoed either.
    const badKeys: SigningKey[] = secrets.flatMap((secret) => [
      { kid: '', secret },
      { kid: 'bad kid', secret },
      { kid: `${secret} x`, secret },
    ]);
    for (const secret of secrets.slice(1)) badKeys.push({ kid: 'k', secret }, { kid: secret, secret });
    for (const key of badKeys) {
      const error = expectJwtError(() => createSigner(key), 'ERR_KEY_INVALID');
      const text = `${String(error)}\n${error.stack ?? ''}\n${JSON.stringify(error)}\n${String(error.cause)}`;
      expect(text).not.toContain('TOPSECRET');
    }
    expect(badKeys).toHaveLength(23);
  });

  it('in claim and option errors with a good key, sync and async', async () => {
    const key: SigningKey = { kid: 'k', secret: secrets[0] ?? '' };
    const calls: (() => unknown)[] = [
      () => signJwtSync({ externalId: '' }, key),
      () => signJwtSync(loose<MessagingUser>({ externalId: 42 }), key),
      () => signJwtSync({ externalId: 'u' }, key, { expiresIn: -1 }),
      () => signJwtSync({ externalId: 'u' }, key, { now: 1.5 }),
      () => createSigner(key).signSync({ externalId: 'u', name: '\ud800' }),
    ];
    for (const call of calls) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(JwtError);
      expect(`${String(error)}${(error as Error).stack ?? ''}`).not.toContain('TOPSECRET');
    }
    const asyncError = await rejected(signJwt({ externalId: '' }, key));
    expect(String(asyncError)).not.toContain('TOPSECRET');
  });
});

describe('createSigner', () => {
  it('validates the key at creation, synchronously (a misconfigured service fails at start-up)', () => {
    let signer: unknown;
    const error = thrown(() => {
      signer = createSigner({ kid: 'k', secret: 'short' });
    });
    expect(error).toBeInstanceOf(JwtError);
    expect((error as JwtError).code).toBe('ERR_KEY_INVALID');
    expect(signer).toBeUndefined();
  });

  it('validates its defaults at creation', () => {
    expectJwtError(() => createSigner(KEY, { expiresIn: -1 }), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(() => createSigner(KEY, { expiresAt: NOW, now: NOW }), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(() => createSigner(KEY, { now: 1.5 }), 'ERR_OPTION_INVALID');
    expectJwtError(() => createSigner(KEY, loose<ClaimOptions>(null)), 'ERR_OPTION_INVALID');
    expectJwtError(() => createSigner(KEY, loose<ClaimOptions>('600')), 'ERR_OPTION_INVALID');
  });

  it('exposes the kid', () => {
    expect(createSigner(KEY).kid).toBe(KEY.kid);
  });

  it('per-call options override the defaults field by field', () => {
    const signer = createSigner(KEY, { expiresIn: 300, now: NOW });
    const exp = (options?: ClaimOptions): unknown => JSON.parse(segments(signer.signSync({ externalId: 'u' }, options)).payload).exp;
    expect(exp()).toBe(NOW + 300);
    expect(exp({})).toBe(NOW + 300);
    expect(exp({ expiresIn: 60 })).toBe(NOW + 60);
    expect(exp(loose<ClaimOptions>({ expiresIn: undefined }))).toBe(NOW + 300);
    expect(exp({ expiresIn: null })).toBeUndefined();
    expect(exp({ now: NOW + 10 })).toBe(NOW + 310);
    expect(exp({ expiresAt: NOW + 5 })).toBe(NOW + 5);
    const noExp = createSigner(KEY, { expiresIn: null, now: NOW });
    expect(JSON.parse(segments(noExp.signSync({ externalId: 'u' })).payload)).not.toHaveProperty('exp');
    expect(JSON.parse(segments(noExp.signSync({ externalId: 'u' }, { expiresIn: 60 })).payload).exp).toBe(NOW + 60);
    const at = createSigner(KEY, { expiresAt: NOW + 100, now: NOW });
    expect(JSON.parse(segments(at.signSync({ externalId: 'u' }, { expiresAt: NOW + 200 })).payload).exp).toBe(NOW + 200);
  });

  it('checks per-call options as strictly as signJwt', async () => {
    const signer = createSigner(KEY, { now: NOW });
    expectJwtError(() => signer.signSync({ externalId: 'u' }, { expiresIn: 0 }), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(() => signer.signSync({ externalId: 'u' }, loose<ClaimOptions>(null)), 'ERR_OPTION_INVALID');
    const trap = new Proxy<ClaimOptions>(
      { expiresIn: 60 },
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expectJwtError(() => signer.signSync({ externalId: 'u' }, trap), 'ERR_OPTION_INVALID');
    await expectJwtRejection(signer.sign({ externalId: 'u' }, trap), 'ERR_OPTION_INVALID');
  });

  it('keeps its own copy of the defaults', () => {
    const defaults: ClaimOptions = { expiresIn: 300, now: NOW };
    const signer = createSigner(KEY, defaults);
    defaults.expiresIn = 60;
    expect(JSON.parse(segments(signer.signSync({ externalId: 'u' })).payload).exp).toBe(NOW + 300);
  });
});

describe('hostile objects anywhere produce only JwtError, on every route', () => {
  const TRAPS = ['get', 'has', 'getPrototypeOf', 'ownKeys', 'getOwnPropertyDescriptor'] as const;
  const hostile = <T extends object>(target: T, trap: (typeof TRAPS)[number]): T =>
    new Proxy(target, {
      [trap]: () => {
        throw new RangeError(`trap ${trap}`);
      },
    });
  const revoked = <T extends object>(target: T): T => {
    const { proxy, revoke } = Proxy.revocable(target, {});
    revoke();
    return proxy;
  };

  it('a throwing trap or a revoked Proxy as user, key, options or defaults', async () => {
    const user: MessagingUser = { externalId: 'u', name: 'N' };
    const options: ClaimOptions = { now: NOW };
    const variants: { label: string; make: <T extends object>(target: T) => T }[] = [
      ...TRAPS.map((trap) => ({ label: trap, make: <T extends object>(target: T): T => hostile(target, trap) })),
      { label: 'revoked', make: revoked },
    ];
    let checked = 0;
    for (const { label, make } of variants) {
      const routes: [string, () => unknown][] = [
        ['user', () => signJwtSync(make(user), KEY, options)],
        ['key', () => signJwtSync(user, make(KEY), options)],
        ['options', () => signJwtSync(user, KEY, make(options))],
        ['defaults', () => createSigner(KEY, make(options)).signSync(user)],
        ['signer user', () => createSigner(KEY).signSync(make(user), options)],
        ['signer options', () => createSigner(KEY).signSync(user, make(options))],
        ['secret', () => signJwtSync(user, { kid: 'k', secret: make(new Uint8Array(32)) }, options)],
        ['expiresAt', () => signJwtSync(user, KEY, { now: NOW, expiresAt: make(new Date((NOW + 60) * 1000)) })],
      ];
      for (const [where, call] of routes) {
        let outcome: unknown;
        try {
          outcome = call();
        } catch (error) {
          outcome = error;
        }
        // Every read goes through get, and a revoked Proxy refuses everything: those must be refused.
        // Another trap the library never triggers may let the call succeed, but what it throws is a JwtError.
        if (label === 'get' || label === 'revoked') expect(typeof outcome, `${label} on ${where}`).not.toBe('string');
        if (typeof outcome !== 'string') {
          expect(outcome, `${label} on ${where}`).toBeInstanceOf(JwtError);
          checked++;
        }
      }
      const asyncOutcome = await signJwt(make(user), KEY, options).catch((error: unknown) => error);
      if (typeof asyncOutcome !== 'string') expect(asyncOutcome, `${label} async`).toBeInstanceOf(JwtError);
    }
    expect(checked).toBeGreaterThanOrEqual(16);
  });
});

describe('errors: thrown by the sync calls, rejected by the async ones', () => {
  it('signJwt and signer.sign never throw synchronously', async () => {
    const badKey = loose<SigningKey>(null);
    let promise: Promise<string> | undefined;
    expect(() => {
      promise = signJwt({ externalId: 'u' }, badKey);
    }).not.toThrow();
    await expectJwtRejection(promise ?? Promise.resolve(), 'ERR_KEY_INVALID');
    const signer = createSigner(KEY);
    expect(() => {
      promise = signer.sign({ externalId: '' });
    }).not.toThrow();
    await expectJwtRejection(promise ?? Promise.resolve(), 'ERR_CLAIM_INVALID', 'external_id');
  });

  it('give the same code and claim both ways', async () => {
    const cases: [MessagingUser, SigningKey, ClaimOptions | undefined][] = [
      [{ externalId: '' }, KEY, undefined],
      [{ externalId: 'u', emailVerified: loose<boolean>('true') }, KEY, undefined],
      [{ externalId: 'u' }, { kid: 'k', secret: 'x' }, undefined],
      [{ externalId: 'u' }, KEY, { now: -1 }],
      [{ externalId: 'u' }, KEY, { expiresAt: new Date(0) }],
    ];
    for (const [user, key, options] of cases) {
      const sync = thrown(() => signJwtSync(user, key, options));
      const async = await rejected(signJwt(user, key, options));
      expect(sync).toBeInstanceOf(JwtError);
      expect(async).toBeInstanceOf(JwtError);
      expect([(async as JwtError).code, (async as JwtError).claim, (async as JwtError).message]).toEqual([
        (sync as JwtError).code,
        (sync as JwtError).claim,
        (sync as JwtError).message,
      ]);
    }
  });
});
