import { existsSync } from 'node:fs';
import { inspect } from 'node:util';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { JWT_ERROR_CODES, JwtError, type JwtErrorCode } from '../src/errors.js';

// A Record over the union: tsc fails if a code is added to or dropped from JwtErrorCode
// without this list (and DESIGN.md) following.
const CODES: Record<JwtErrorCode, true> = {
  ERR_CLAIM_INVALID: true,
  ERR_KEY_INVALID: true,
  ERR_JWT_MALFORMED: true,
  ERR_JWT_UNSUPPORTED: true,
  ERR_KID_UNKNOWN: true,
  ERR_SIGNATURE_INVALID: true,
  ERR_JWT_EXPIRED: true,
  ERR_JWT_NOT_YET_VALID: true,
  ERR_RUNTIME_UNSUPPORTED: true,
  ERR_OPTION_INVALID: true,
};
const ALL_CODES = Object.keys(CODES) as JwtErrorCode[];

describe('JwtError', () => {
  it('is an Error named JwtError with its code and message', () => {
    for (const code of ALL_CODES) {
      const error = new JwtError(code, `message for ${code}`);
      expect(error).toBeInstanceOf(JwtError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('JwtError');
      expect(error.code).toBe(code);
      expect(error.message).toBe(`message for ${code}`);
      expect(String(error)).toBe(`JwtError: message for ${code}`);
      expect(error.stack).toContain('message for');
    }
    expect(ALL_CODES).toHaveLength(10);
  });

  it('carries claim only when one is given: no own claim property otherwise', () => {
    const withClaim = new JwtError('ERR_CLAIM_INVALID', 'bad', { claim: 'external_id' });
    expect(withClaim.claim).toBe('external_id');
    const without = new JwtError('ERR_KEY_INVALID', 'bad');
    expect(without.claim).toBeUndefined();
    expect(Object.hasOwn(without, 'claim')).toBe(false);
    expect(Object.hasOwn(new JwtError('ERR_KEY_INVALID', 'bad', {}), 'claim')).toBe(false);
    expect(Object.keys(without)).not.toContain('claim');
  });

  it('keeps cause when one is given, even an undefined one, and has none otherwise', () => {
    const root = new TypeError('root');
    expect(new JwtError('ERR_KEY_INVALID', 'x', { cause: root }).cause).toBe(root);
    const explicitUndefined = new JwtError('ERR_KEY_INVALID', 'x', { cause: undefined });
    expect(Object.hasOwn(explicitUndefined, 'cause')).toBe(true);
    expect(Object.hasOwn(new JwtError('ERR_KEY_INVALID', 'x'), 'cause')).toBe(false);
    expect(Object.hasOwn(new JwtError('ERR_CLAIM_INVALID', 'x', { claim: 'exp' }), 'cause')).toBe(false);
    const both = new JwtError('ERR_CLAIM_INVALID', 'x', { claim: 'exp', cause: 'why' });
    expect([both.claim, both.cause]).toEqual(['exp', 'why']);
  });

  it('can be caught and narrowed by code in a switch', () => {
    const describeError = (error: unknown): string => {
      if (!JwtError.is(error)) return 'other';
      switch (error.code) {
        case 'ERR_JWT_EXPIRED':
          return 'expired';
        default:
          return error.code;
      }
    };
    expect(describeError(new JwtError('ERR_JWT_EXPIRED', 'x'))).toBe('expired');
    expect(describeError(new JwtError('ERR_KID_UNKNOWN', 'x'))).toBe('ERR_KID_UNKNOWN');
    expect(describeError(new Error('x'))).toBe('other');
  });
});

describe('JwtError.is', () => {
  it('says yes to a JwtError of this copy', () => {
    expect(JwtError.is(new JwtError('ERR_SIGNATURE_INVALID', 'x'))).toBe(true);
  });

  it('says yes to a JwtError from another copy or realm, where instanceof says no', () => {
    const foreign = Object.assign(new Error('from another bundle'), { name: 'JwtError', code: 'ERR_KEY_INVALID' });
    expect(foreign).not.toBeInstanceOf(JwtError);
    expect(JwtError.is(foreign)).toBe(true);
    const otherRealm: unknown = runInNewContext(
      'class JwtError extends Error { constructor(c, m) { super(m); this.name = "JwtError"; this.code = c; } }; new JwtError("ERR_JWT_EXPIRED", "x")',
    );
    expect(otherRealm).not.toBeInstanceOf(Error);
    expect(JwtError.is(otherRealm)).toBe(true);
    expect(JwtError.is({ name: 'JwtError', code: 'ERR_JWT_MALFORMED' })).toBe(true);
  });

  it('says no to everything else', () => {
    const others: unknown[] = [
      new Error('x'),
      new TypeError('JwtError'),
      Object.assign(new Error('x'), { code: 'ERR_KEY_INVALID' }),
      { name: 'JwtError' },
      { name: 'JwtError', code: 42 },
      { name: 'jwterror', code: 'ERR_KEY_INVALID' },
      { name: 'OtherError', code: 'ERR_KEY_INVALID' },
      'JwtError',
      null,
      undefined,
      0,
      Object.create(null),
    ];
    for (const other of others) expect(JwtError.is(other)).toBe(false);
  });
});

describe('JWT_ERROR_CODES', () => {
  it('lists every code once', () => {
    expect([...JWT_ERROR_CODES].sort()).toEqual([...ALL_CODES].sort());
  });
});

describe('JwtError in logs', () => {
  it('toJSON gives name, code, message and claim, never the cause', () => {
    const error = new JwtError('ERR_JWT_EXPIRED', 'exp must be after now', { claim: 'exp', cause: new Error('inner') });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'JwtError', code: 'ERR_JWT_EXPIRED', message: 'exp must be after now', claim: 'exp' });
    expect(Object.keys(new JwtError('ERR_KEY_INVALID', 'x').toJSON())).toEqual(['name', 'code', 'message']);
  });

  // tsup/esbuild write the class as `class _JwtError`: util.inspect and console.error print the
  // constructor's name, so the bundle is what must be checked (npm test builds dist/ first).
  it.runIf(existsSync('dist/index.js'))('prints as JwtError from the bundled build, ESM and CJS', async () => {
    const { createRequire } = await import('node:module');
    const esm = (await import('../dist/index.js' as string)) as { JwtError: typeof JwtError };
    const cjs = createRequire(import.meta.url)('../dist/index.cjs') as { JwtError: typeof JwtError };
    for (const { JwtError: Built } of [esm, cjs]) {
      const error = new Built('ERR_KEY_INVALID', 'secret must be at least 32 bytes');
      expect(Built.name).toBe('JwtError');
      const text = inspect(error);
      expect(text).toMatch(/^JwtError: secret must be at least 32 bytes\n/);
      expect(text).not.toContain('_JwtError');
      expect(text).toContain("code: 'ERR_KEY_INVALID'");
    }
  });
});
