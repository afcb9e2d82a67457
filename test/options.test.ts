import { describe, expect, it } from 'vitest';
import type { ClaimOptions } from '../src/claims.js';
import { mergeOptions } from '../src/options.js';
import { expectJwtError } from './helpers/jwt-error.js';

const KEYS = ['expiresIn', 'expiresAt', 'now'] as const;

describe('mergeOptions', () => {
  it('without call options gives the defaults, or an empty object', () => {
    const defaults: ClaimOptions = { expiresIn: 300 };
    expect(mergeOptions(defaults, undefined, KEYS)).toEqual({ expiresIn: 300 });
    expect(mergeOptions<ClaimOptions>(undefined, undefined, KEYS)).toEqual({});
    expect(mergeOptions<ClaimOptions>(undefined, { now: 5 }, KEYS)).toEqual({ now: 5 });
  });

  it('overrides field by field: undefined keeps the default, null and every other value win', () => {
    const defaults: ClaimOptions = { expiresIn: 300, now: 1_000 };
    expect(mergeOptions(defaults, {}, KEYS)).toEqual({ expiresIn: 300, now: 1_000 });
    expect(mergeOptions(defaults, { expiresIn: 60 }, KEYS)).toEqual({ expiresIn: 60, now: 1_000 });
    expect(mergeOptions(defaults, { expiresIn: undefined, now: 2_000 } as unknown as ClaimOptions, KEYS)).toEqual({ expiresIn: 300, now: 2_000 });
    expect(mergeOptions(defaults, { expiresIn: null }, KEYS)).toEqual({ expiresIn: null, now: 1_000 });
    const at = new Date(5_000_000);
    expect(mergeOptions(defaults, { expiresAt: at }, KEYS)).toEqual({ expiresIn: 300, now: 1_000, expiresAt: at });
  });

  it('copies only the named keys from the call options', () => {
    const options = { expiresIn: 60, algorithm: 'none' } as ClaimOptions;
    expect(mergeOptions<ClaimOptions>({}, options, KEYS)).toEqual({ expiresIn: 60 });
  });

  it('never mutates the defaults or the call options, and returns a new object', () => {
    const defaults: ClaimOptions = Object.freeze({ expiresIn: 300 });
    const options: ClaimOptions = Object.freeze({ expiresIn: 60, now: 7 });
    const merged = mergeOptions(defaults, options, KEYS);
    expect(merged).not.toBe(defaults);
    expect(merged).not.toBe(options);
    expect(defaults).toEqual({ expiresIn: 300 });
    expect(options).toEqual({ expiresIn: 60, now: 7 });
  });

  it('reads each field once, so a getter cannot answer one thing to the check and another to the use', () => {
    let reads = 0;
    const options = {
      get expiresIn(): number {
        reads++;
        return reads === 1 ? 60 : -1;
      },
    };
    expect(mergeOptions<ClaimOptions>({}, options, KEYS)).toEqual({ expiresIn: 60 });
    expect(reads).toBe(1);
  });

  it('rejects non-object options with ERR_OPTION_INVALID', () => {
    for (const bad of [null, 42, 'expiresIn', true]) {
      const error = expectJwtError(() => mergeOptions<ClaimOptions>({}, bad as unknown as ClaimOptions, KEYS), 'ERR_OPTION_INVALID');
      expect(error.message).toContain(bad === null ? 'null' : typeof bad);
    }
  });

  it('turns a throwing getter or Proxy trap into ERR_OPTION_INVALID with the cause', () => {
    const boom = new Error('boom');
    const getter = {
      get now(): number {
        throw boom;
      },
    };
    expect(expectJwtError(() => mergeOptions<ClaimOptions>({}, getter, KEYS), 'ERR_OPTION_INVALID').cause).toBe(boom);
    const proxy = new Proxy<ClaimOptions>(
      {},
      {
        get() {
          throw boom;
        },
      },
    );
    expect(expectJwtError(() => mergeOptions<ClaimOptions>({}, proxy, KEYS), 'ERR_OPTION_INVALID').cause).toBe(boom);
    const { proxy: revoked, revoke } = Proxy.revocable<ClaimOptions>({}, {});
    revoke();
    expectJwtError(() => mergeOptions<ClaimOptions>({}, revoked, KEYS), 'ERR_OPTION_INVALID');
  });
});
