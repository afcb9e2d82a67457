import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildClaims,
  checkExternalId,
  checkOptional,
  checkSeconds,
  readNow,
  type ClaimOptions,
  type MessagingUser,
} from '../src/claims.js';
import { describe as describeValue, JwtError } from '../src/errors.js';
import { expectJwtError } from './helpers/jwt-error.js';

const NOW = 1_700_000_000;
const at = (options: ClaimOptions = {}): ClaimOptions => ({ now: NOW, ...options });
/** A user object as a caller with loose types (JSON, a database row) would pass it. */
const loose = (user: Record<string, unknown>): MessagingUser => user as unknown as MessagingUser;
/** Options as a caller without exactOptionalPropertyTypes may pass them (`undefined` = not given). */
const looseOptions = (options: Record<string, unknown>): ClaimOptions => options as ClaimOptions;

describe('buildClaims: the payload', () => {
  it('writes scope, external_id and the default exp of now + 600', () => {
    const claims = buildClaims({ externalId: 'user-42' }, { now: NOW });
    expect(claims).toEqual({ scope: 'user', external_id: 'user-42', exp: NOW + 600 });
    expect(Object.keys(claims)).toEqual(['scope', 'external_id', 'exp']);
  });

  it('writes every claim in the MessagingClaims order, whatever the order of the user object', () => {
    const user: MessagingUser = { emailVerified: true, email: 'jane@example.com', name: 'Jane', externalId: 'u' };
    const claims = buildClaims(user, at());
    expect(Object.keys(claims)).toEqual(['scope', 'external_id', 'name', 'email', 'email_verified', 'exp']);
    expect(claims).toEqual({ scope: 'user', external_id: 'u', name: 'Jane', email: 'jane@example.com', email_verified: true, exp: NOW + 600 });
  });

  it('carries no field of the user object that is not a Zendesk claim', () => {
    const claims = buildClaims(loose({ externalId: 'u', role: 'admin', external_id: 'other', scope: 'admin', exp: 1 }), at());
    expect(claims).toEqual({ scope: 'user', external_id: 'u', exp: NOW + 600 });
  });

  it('never modifies the user or the options (frozen inputs work too)', () => {
    const user: MessagingUser = Object.freeze({ externalId: 'u', name: 'N', email: 'e@x', emailVerified: true });
    const options: ClaimOptions = Object.freeze({ now: NOW, expiresIn: 60 });
    buildClaims(user, options);
    expect(user).toEqual({ externalId: 'u', name: 'N', email: 'e@x', emailVerified: true });
    expect(options).toEqual({ now: NOW, expiresIn: 60 });
  });
});

describe('buildClaims: external_id', () => {
  it('is a string of 1 to 255 code points', () => {
    expect(buildClaims({ externalId: 'a' }, at()).external_id).toBe('a');
    expect(buildClaims({ externalId: 'x'.repeat(255) }, at()).external_id).toHaveLength(255);
    expectJwtError(() => buildClaims({ externalId: '' }, at()), 'ERR_CLAIM_INVALID', 'external_id');
    const long = expectJwtError(() => buildClaims({ externalId: 'x'.repeat(256) }, at()), 'ERR_CLAIM_INVALID', 'external_id');
    expect(long.message).toContain('256 characters');
  });

  it('counts code points, not UTF-16 units: 255 emoji pass, 256 do not', () => {
    const emoji = '😀'.repeat(255);
    expect(emoji.length).toBe(510);
    expect(buildClaims({ externalId: emoji }, at()).external_id).toBe(emoji);
    expect(buildClaims({ externalId: `${'😀'.repeat(200)}${'a'.repeat(55)}` }, at()).external_id).toHaveLength(455);
    expectJwtError(() => buildClaims({ externalId: '😀'.repeat(256) }, at()), 'ERR_CLAIM_INVALID', 'external_id');
    expectJwtError(() => buildClaims({ externalId: `${'😀'.repeat(255)}a` }, at()), 'ERR_CLAIM_INVALID', 'external_id');
    // A grapheme of several code points counts as several characters, as in Ruby and Python.
    expectJwtError(() => buildClaims({ externalId: 'e\u0301'.repeat(128) }, at()), 'ERR_CLAIM_INVALID', 'external_id');
  });

  it('refuses a number with a message that says to pass String(id)', () => {
    for (const id of [42, 0, 12345678901234567890n]) {
      const error = expectJwtError(() => buildClaims(loose({ externalId: id }), at()), 'ERR_CLAIM_INVALID', 'external_id');
      expect(error.message).toContain('String(id)');
      expect(error.message).toContain(typeof id);
    }
  });

  it('refuses null, undefined and every other non-string: null is not "absent" here', () => {
    for (const id of [null, undefined, true, {}, ['u'], Symbol('u'), () => 'u', new String('u')]) {
      const error = expectJwtError(() => buildClaims(loose({ externalId: id }), at()), 'ERR_CLAIM_INVALID', 'external_id');
      expect(error.message).not.toContain('String(id)');
    }
    expectJwtError(() => buildClaims(loose({}), at()), 'ERR_CLAIM_INVALID', 'external_id');
  });

  it('says how to write external_id when the caller wrote it in snake case', () => {
    const error = expectJwtError(() => buildClaims(loose({ external_id: 'u' }), at()), 'ERR_CLAIM_INVALID', 'external_id');
    expect(error.message).toBe('external_id must be written externalId');
  });

  it('refuses a lone surrogate anywhere', () => {
    for (const id of ['\ud800', 'a\udc00', 'ab\ud83d', '\ude00x', `${'😀'.repeat(10)}\ud83d`]) {
      const error = expectJwtError(() => buildClaims({ externalId: id }, at()), 'ERR_CLAIM_INVALID', 'external_id');
      expect(error.message).toContain('surrogate');
    }
    const longBroken = `${'x'.repeat(300)}\ud800`;
    expectJwtError(() => buildClaims({ externalId: longBroken }, at()), 'ERR_CLAIM_INVALID', 'external_id');
  });

  it('never echoes the value in its messages (it may be personal data)', () => {
    const id = 'jane.doe@example.com'.repeat(20);
    const error = expectJwtError(() => buildClaims({ externalId: id }, at()), 'ERR_CLAIM_INVALID');
    expect(error.message).not.toContain('jane.doe');
  });
});

describe('buildClaims: name', () => {
  it('goes in when it is a string; null and undefined mean absent', () => {
    expect(buildClaims({ externalId: 'u', name: 'Zoë 🍕' }, at()).name).toBe('Zoë 🍕');
    expect(buildClaims({ externalId: 'u', name: '' }, at())).toHaveProperty('name', '');
    expect(buildClaims({ externalId: 'u', name: null }, at())).not.toHaveProperty('name');
    expect(buildClaims(loose({ externalId: 'u', name: undefined }), at())).not.toHaveProperty('name');
  });

  it('refuses any other type and a lone surrogate', () => {
    for (const name of [1, false, {}, ['n']]) {
      expectJwtError(() => buildClaims(loose({ externalId: 'u', name }), at()), 'ERR_CLAIM_INVALID', 'name');
    }
    expectJwtError(() => buildClaims({ externalId: 'u', name: 'Jane \ud800' }, at()), 'ERR_CLAIM_INVALID', 'name');
  });
});

describe('buildClaims: email and email_verified', () => {
  const email = 'jane@example.com';

  it('go in together only when emailVerified === true and email is given', () => {
    const both = buildClaims({ externalId: 'u', email, emailVerified: true }, at());
    expect(both).toMatchObject({ email, email_verified: true });
    for (const emailVerified of [false, null, undefined]) {
      const claims = buildClaims(loose({ externalId: 'u', email, emailVerified }), at());
      expect(claims).not.toHaveProperty('email');
      expect(claims).not.toHaveProperty('email_verified');
    }
    for (const absent of [null, undefined]) {
      const claims = buildClaims(loose({ externalId: 'u', email: absent, emailVerified: true }), at());
      expect(claims).not.toHaveProperty('email');
      expect(claims).not.toHaveProperty('email_verified');
    }
    expect(buildClaims({ externalId: 'u', email }, at())).not.toHaveProperty('email');
  });

  it('refuses an emailVerified that is not a boolean ("true", 1, ...) with claim email_verified', () => {
    for (const emailVerified of ['true', 1, 0, 'false', {}, [true]]) {
      const error = expectJwtError(
        () => buildClaims(loose({ externalId: 'u', email, emailVerified }), at()),
        'ERR_CLAIM_INVALID',
        'email_verified',
      );
      expect(error.message).toContain('boolean');
    }
    // Also without an email: a wrong type is a bug to report, not to hide.
    expectJwtError(() => buildClaims(loose({ externalId: 'u', emailVerified: 'true' }), at()), 'ERR_CLAIM_INVALID', 'email_verified');
  });

  it('refuses a non-string email even when it would be dropped', () => {
    for (const emailVerified of [true, false, null, undefined]) {
      for (const bad of [42, {}, ['a@b'], true]) {
        expectJwtError(() => buildClaims(loose({ externalId: 'u', email: bad, emailVerified }), at()), 'ERR_CLAIM_INVALID', 'email');
      }
    }
  });

  it('refuses an email with a lone surrogate, also when it would be dropped', () => {
    expectJwtError(() => buildClaims({ externalId: 'u', email: 'a\udfff@x', emailVerified: true }, at()), 'ERR_CLAIM_INVALID', 'email');
    expectJwtError(() => buildClaims({ externalId: 'u', email: 'a\udfff@x', emailVerified: false }, at()), 'ERR_CLAIM_INVALID', 'email');
  });
});

describe('buildClaims: exp', () => {
  it('defaults to now + 600 and follows expiresIn', () => {
    expect(buildClaims({ externalId: 'u' }, { now: NOW }).exp).toBe(NOW + 600);
    expect(buildClaims({ externalId: 'u' }, { now: NOW, expiresIn: 1 }).exp).toBe(NOW + 1);
    expect(buildClaims({ externalId: 'u' }, looseOptions({ now: NOW, expiresIn: undefined })).exp).toBe(NOW + 600);
    expect(buildClaims({ externalId: 'u' }, { now: 0, expiresIn: 60 }).exp).toBe(60);
  });

  it('is left out with expiresIn: null', () => {
    const claims = buildClaims({ externalId: 'u' }, { now: NOW, expiresIn: null });
    expect(claims).not.toHaveProperty('exp');
    expect(Object.keys(claims)).toEqual(['scope', 'external_id']);
  });

  it('refuses an expiresIn that is not a positive safe integer, with claim exp', () => {
    for (const expiresIn of [0, -1, -600, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '60', true, {}]) {
      const error = expectJwtError(
        () => buildClaims({ externalId: 'u' }, looseOptions({ now: NOW, expiresIn })),
        'ERR_CLAIM_INVALID',
        'exp',
      );
      // Refused for what it is, not only because now + 0 would be born expired.
      expect(error.message).toMatch(/^expiresIn must be a positive integer or null/);
    }
  });

  it('takes expiresAt as whole epoch seconds', () => {
    expect(buildClaims({ externalId: 'u' }, at({ expiresAt: NOW + 1 })).exp).toBe(NOW + 1);
    expect(buildClaims({ externalId: 'u' }, at({ expiresAt: 1e11 })).exp).toBe(1e11);
    for (const expiresAt of [NOW + 0.5, Number.NaN, Number.POSITIVE_INFINITY, '1800000000', null, true, {}]) {
      expectJwtError(() => buildClaims({ externalId: 'u' }, looseOptions({ now: NOW, expiresAt })), 'ERR_CLAIM_INVALID', 'exp');
    }
  });

  it('refuses an expiresAt in milliseconds (above 10^11) and says so', () => {
    for (const expiresAt of [1e11 + 1, (NOW + 60) * 1000, Date.now()]) {
      const error = expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresAt })), 'ERR_CLAIM_INVALID', 'exp');
      expect(error.message).toContain('milliseconds');
    }
  });

  it('floors a Date to whole seconds', () => {
    expect(buildClaims({ externalId: 'u' }, at({ expiresAt: new Date((NOW + 60) * 1000 + 999) })).exp).toBe(NOW + 60);
    expect(buildClaims({ externalId: 'u' }, at({ expiresAt: new Date((NOW + 60) * 1000) })).exp).toBe(NOW + 60);
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresAt: new Date(Number.NaN) })), 'ERR_CLAIM_INVALID', 'exp');
    // Floored to now: born expired.
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresAt: new Date(NOW * 1000 + 999) })), 'ERR_CLAIM_INVALID', 'exp');
  });

  it('takes a Date from another realm and refuses a Proxy or an impostor of a Date, as JwtError only', () => {
    const foreign = runInNewContext(`new Date(${(NOW + 90) * 1000})`) as Date;
    expect(foreign).not.toBeInstanceOf(Date);
    expect(buildClaims({ externalId: 'u' }, at({ expiresAt: foreign })).exp).toBe(NOW + 90);
    const proxied = new Proxy(new Date((NOW + 60) * 1000), {});
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresAt: proxied })), 'ERR_CLAIM_INVALID', 'exp');
    const impostor = Object.create(Date.prototype) as Date;
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresAt: impostor })), 'ERR_CLAIM_INVALID', 'exp');
    // An overridden getTime can neither throw past the library nor lie to it.
    const lying = new Date((NOW + 60) * 1000);
    lying.getTime = (): number => {
      throw new Error('boom');
    };
    expect(buildClaims({ externalId: 'u' }, at({ expiresAt: lying })).exp).toBe(NOW + 60);
  });

  it('refuses an expiry at or before now, with claim exp', () => {
    for (const expiresAt of [NOW, NOW - 1, 0, new Date(NOW * 1000), new Date(0)]) {
      const error = expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresAt })), 'ERR_CLAIM_INVALID', 'exp');
      expect(error.message).toMatch(/^exp must be after now \(1700000000\) and before 10\^11; got -?\d+$/);
    }
  });

  it('refuses an exp that verifiers would read as milliseconds, however it was reached', () => {
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresIn: 1e11 })), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresIn: Number.MAX_SAFE_INTEGER })), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresAt: new Date(8.64e15) })), 'ERR_CLAIM_INVALID', 'exp');
    expect(buildClaims({ externalId: 'u' }, at({ expiresIn: 1e11 - NOW })).exp).toBe(1e11);
  });

  it('validates both expiresIn and expiresAt when both are given, and expiresAt wins', () => {
    expect(buildClaims({ externalId: 'u' }, at({ expiresIn: 60, expiresAt: NOW + 100 })).exp).toBe(NOW + 100);
    expect(buildClaims({ externalId: 'u' }, at({ expiresIn: null, expiresAt: NOW + 100 })).exp).toBe(NOW + 100);
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresIn: -1, expiresAt: NOW + 100 })), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(() => buildClaims({ externalId: 'u' }, at({ expiresIn: 60, expiresAt: NOW })), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(
      () => buildClaims({ externalId: 'u' }, looseOptions({ now: NOW, expiresIn: 60, expiresAt: 'soon' })),
      'ERR_CLAIM_INVALID',
      'exp',
    );
  });
});

describe('buildClaims: now', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('defaults to the clock, floored to seconds', () => {
    vi.useFakeTimers({ now: NOW * 1000 + 999 });
    expect(buildClaims({ externalId: 'u' }).exp).toBe(NOW + 600);
    expect(buildClaims({ externalId: 'u' }, {}).exp).toBe(NOW + 600);
    expect(readNow(undefined)).toBe(NOW);
  });

  it('accepts whole non-negative seconds up to 10^11', () => {
    expect(buildClaims({ externalId: 'u' }, { now: 0 }).exp).toBe(600);
    expect(buildClaims({ externalId: 'u' }, { now: 1e11 - 600 }).exp).toBe(1e11);
    expect(readNow(1e11)).toBe(1e11);
  });

  it('refuses anything else with ERR_OPTION_INVALID', () => {
    for (const now of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1700000000', null, new Date()]) {
      expectJwtError(() => buildClaims({ externalId: 'u' }, looseOptions({ now })), 'ERR_OPTION_INVALID');
    }
    const error = expectJwtError(() => buildClaims({ externalId: 'u' }, { now: Date.now() }), 'ERR_OPTION_INVALID');
    expect(error.message).toContain('milliseconds');
  });
});

describe('buildClaims: hostile and odd inputs produce only JwtError', () => {
  it('refuses a user that is not an object', () => {
    for (const user of [null, undefined, 'u', 42, true]) {
      expectJwtError(() => buildClaims(user as unknown as MessagingUser, at()), 'ERR_CLAIM_INVALID');
    }
  });

  it('refuses options that are not an object', () => {
    for (const options of [null, 42, 'now', true]) {
      expectJwtError(() => buildClaims({ externalId: 'u' }, options as unknown as ClaimOptions), 'ERR_OPTION_INVALID');
    }
  });

  it('wraps a throwing getter on the user, keeping the cause', () => {
    const boom = new Error('boom');
    const user = {
      get externalId(): string {
        throw boom;
      },
    };
    const error = expectJwtError(() => buildClaims(user, at()), 'ERR_CLAIM_INVALID');
    expect(error.cause).toBe(boom);
  });

  it('does not let a thrown JwtError look-alike escape as it is', () => {
    const fake = { name: 'JwtError', code: 'ERR_CLAIM_INVALID', message: 'forged' };
    const user = {
      get name(): string {
        throw fake;
      },
      externalId: 'u',
    };
    const error = expectJwtError(() => buildClaims(user, at()), 'ERR_CLAIM_INVALID');
    expect(error).not.toBe(fake);
    expect(error.cause).toBe(fake);
  });

  it('wraps Proxy traps that throw on the user and on the options', () => {
    const trap = (): never => {
      throw new Error('trap');
    };
    expectJwtError(() => buildClaims(new Proxy<MessagingUser>({ externalId: 'u' }, { get: trap }), at()), 'ERR_CLAIM_INVALID');
    expectJwtError(() => buildClaims(new Proxy<MessagingUser>(loose({}), { has: trap }), at()), 'ERR_CLAIM_INVALID');
    // Only an own field is read: the get trap runs for a field the target holds.
    expectJwtError(() => buildClaims({ externalId: 'u' }, new Proxy<ClaimOptions>({ now: NOW }, { get: trap })), 'ERR_OPTION_INVALID');
    expect(buildClaims({ externalId: 'u' }, new Proxy<ClaimOptions>({}, { get: trap }))).toMatchObject({ external_id: 'u' });
    const revokedUser = Proxy.revocable<MessagingUser>({ externalId: 'u' }, {});
    revokedUser.revoke();
    expectJwtError(() => buildClaims(revokedUser.proxy, at()), 'ERR_CLAIM_INVALID');
    const revokedOptions = Proxy.revocable<ClaimOptions>({}, {});
    revokedOptions.revoke();
    expectJwtError(() => buildClaims({ externalId: 'u' }, revokedOptions.proxy), 'ERR_OPTION_INVALID');
  });

  it('describes a revoked Proxy as a field value without throwing a TypeError', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const field of ['externalId', 'name', 'email', 'emailVerified']) {
      const error = expectJwtError(() => buildClaims(loose({ externalId: 'u', [field]: proxy }), at()), 'ERR_CLAIM_INVALID');
      expect(error.message).toContain('object');
    }
    expectJwtError(() => buildClaims({ externalId: 'u' }, looseOptions({ now: NOW, expiresAt: proxy })), 'ERR_CLAIM_INVALID', 'exp');
  });

  it('reads each user field once', () => {
    let reads = 0;
    const user = {
      get externalId(): unknown {
        reads++;
        return reads === 1 ? 'first' : 42;
      },
    };
    expect(buildClaims(user as MessagingUser, at()).external_id).toBe('first');
    expect(reads).toBe(1);
  });
});

describe('rules shared with verify', () => {
  it('checkExternalId names the field it was given and the claim external_id', () => {
    const error = expectJwtError(() => checkExternalId(7, 'external_id'), 'ERR_CLAIM_INVALID', 'external_id');
    expect(error.message).toMatch(/^external_id must be a string/);
    expect(checkExternalId('😀'.repeat(255), 'x')).toHaveLength(510);
  });

  it('checkOptional: only undefined is absent (the signing side maps null to it first; the verify side keeps null an error)', () => {
    expect(checkOptional(undefined, 'string', 'name')).toBeUndefined();
    expectJwtError(() => checkOptional(null, 'string', 'name'), 'ERR_CLAIM_INVALID', 'name');
    expect(checkOptional('ok', 'string', 'name')).toBe('ok');
    expect(checkOptional(false, 'boolean', 'email_verified')).toBe(false);
    expectJwtError(() => checkOptional('ok', 'boolean', 'emailVerified', 'email_verified'), 'ERR_CLAIM_INVALID', 'email_verified');
  });

  it('checkSeconds uses the code it is given and refuses milliseconds', () => {
    expect(checkSeconds(1e11, 'nbf', 'nbf', 'ERR_CLAIM_INVALID')).toBe(1e11);
    expectJwtError(() => checkSeconds(1e11 + 1, 'nbf', 'nbf', 'ERR_CLAIM_INVALID'), 'ERR_CLAIM_INVALID', 'nbf');
    expectJwtError(() => checkSeconds(1.5, 'now', 'now', 'ERR_OPTION_INVALID'), 'ERR_OPTION_INVALID');
    expect(checkSeconds(-5, 'exp', 'exp', 'ERR_CLAIM_INVALID')).toBe(-5);
  });

  it('describe gives a kind, never a value', () => {
    expect([null, [], {}, 'secret', 1, undefined, 1n].map(describeValue)).toEqual([
      'null',
      'an array',
      'object',
      'string',
      'number',
      'undefined',
      'bigint',
    ]);
  });

  it('every refusal is a JwtError of this copy', () => {
    expect(expectJwtError(() => buildClaims({ externalId: '' }), 'ERR_CLAIM_INVALID')).toBeInstanceOf(JwtError);
  });
});
