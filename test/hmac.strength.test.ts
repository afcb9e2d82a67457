import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejected } from './helpers/jwt-error.js';
import { loadWithoutNodeCrypto } from './helpers/without-node-crypto.js';
import { verify } from './helpers/mac.js';

/**
 * The case of a runtime with neither node:crypto nor WebCrypto (an old embedded engine, a sandbox that
 * removed crypto.subtle): the async calls must reject with ERR_RUNTIME_UNSUPPORTED, not with a
 * TypeError from reading `subtle` of undefined.
 */

const KEY = { kid: 'app_5963ceb97cde542d000dbdb1', secret: 'a-secret-of-at-least-thirty-two-bytes!!' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('no node:crypto and no crypto.subtle', () => {
  for (const [what, crypto] of [
    ['crypto is undefined', undefined],
    ['crypto has no subtle', {}],
  ] as const) {
    it(`${what}: sign and verify reject with ERR_RUNTIME_UNSUPPORTED`, async () => {
      const { hmac, api } = await loadWithoutNodeCrypto();
      vi.stubGlobal('crypto', crypto);
      const key = hmac.createHmacKey(new Uint8Array(32));
      await expect(key.sign('data')).rejects.toMatchObject({ name: 'JwtError', code: 'ERR_RUNTIME_UNSUPPORTED' });
      await expect(verify(key, 'data', 'x'.repeat(43))).rejects.toMatchObject({ code: 'ERR_RUNTIME_UNSUPPORTED' });
      const signing = api.signJwt({ externalId: 'user-1' }, KEY, { now: 1_700_000_000 });
      await expect(signing).rejects.toBeInstanceOf(api.JwtError);
      await expect(signing).rejects.toMatchObject({
        code: 'ERR_RUNTIME_UNSUPPORTED',
        message: expect.stringContaining('crypto.subtle.importKey must succeed') as unknown,
      });
      // Nothing was cached: with WebCrypto back, the same key signs, and the token verifies.
      vi.unstubAllGlobals();
      const token = await api.signJwt({ externalId: 'user-1' }, KEY, { now: 1_700_000_000 });
      const { user } = await api.verifyJwt(token, KEY, { now: 1_700_000_000 });
      expect(user).toEqual({ externalId: 'user-1' });
    });
  }
});

describe('WebCrypto that fails', () => {
  it('a failed importKey rejects as JwtError ERR_RUNTIME_UNSUPPORTED (cause kept), and the next call imports again', async () => {
    const { hmac, api } = await loadWithoutNodeCrypto();
    const real = globalThis.crypto.subtle;
    const failure = new Error('importKey failed');
    let imports = 0;
    const subtle = {
      importKey: (...args: Parameters<SubtleCrypto['importKey']>) => {
        imports++;
        return imports === 1 ? Promise.reject(failure) : real.importKey(...args);
      },
      sign: real.sign.bind(real),
    };
    vi.stubGlobal('crypto', { subtle });
    const key = hmac.createHmacKey(new TextEncoder().encode(KEY.secret));
    const error = await rejected(key.sign('data'));
    expect(error).toBeInstanceOf(api.JwtError);
    expect(error).toMatchObject({ code: 'ERR_RUNTIME_UNSUPPORTED', cause: failure });
    // Not remembered: the same prepared key imports again and signs.
    const signature = await key.sign('data');
    expect(imports).toBe(2);
    expect(signature).toBe(createHmac('sha256', KEY.secret).update('data').digest('base64url'));
    // And the imported key is held: a third call does not import.
    await key.sign('more');
    expect(imports).toBe(2);
  });

  it('a failed sign rejects as JwtError ERR_RUNTIME_UNSUPPORTED with the cause', async () => {
    const { hmac, api } = await loadWithoutNodeCrypto();
    const real = globalThis.crypto.subtle;
    const failure = new Error('sign failed');
    vi.stubGlobal('crypto', { subtle: { importKey: real.importKey.bind(real), sign: () => Promise.reject(failure) } });
    const error = await rejected(verify(hmac.createHmacKey(new Uint8Array(32)), 'data', 'x'.repeat(43)));
    expect(error).toBeInstanceOf(api.JwtError);
    expect(error).toMatchObject({ code: 'ERR_RUNTIME_UNSUPPORTED', cause: failure });
  });
});

describe('WebCrypto import, as asked of the engine', () => {
  it('imports the raw key bytes as a non-extractable HMAC SHA-256 key usable only to sign', async () => {
    const { hmac } = await loadWithoutNodeCrypto();
    const real = globalThis.crypto.subtle;
    const calls: Parameters<SubtleCrypto['importKey']>[] = [];
    const subtle = {
      importKey: (...args: Parameters<SubtleCrypto['importKey']>) => {
        calls.push(args);
        return real.importKey(...args);
      },
      sign: real.sign.bind(real),
    };
    vi.stubGlobal('crypto', { subtle });
    const secret = new TextEncoder().encode(KEY.secret);
    const key = hmac.createHmacKey(secret);
    expect(await key.sign('data')).toBe(createHmac('sha256', KEY.secret).update('data').digest('base64url'));
    expect(calls).toHaveLength(1);
    const [format, raw, algorithm, extractable, usages] = calls[0] ?? [];
    expect(format).toBe('raw');
    expect(raw).toEqual(secret);
    expect(algorithm).toEqual({ name: 'HMAC', hash: 'SHA-256' });
    // A key that can be exported would let any code holding the CryptoKey read the secret back.
    expect(extractable).toBe(false);
    expect(usages).toEqual(['sign']);
  });

  it('an engine failure names crypto.subtle in the message, on import and on sign', async () => {
    const { hmac } = await loadWithoutNodeCrypto();
    const real = globalThis.crypto.subtle;
    vi.stubGlobal('crypto', { subtle: { importKey: () => Promise.reject(new Error('no')), sign: real.sign.bind(real) } });
    const importError = await rejected(hmac.createHmacKey(new Uint8Array(32)).sign('data'));
    expect(importError).toMatchObject({ code: 'ERR_RUNTIME_UNSUPPORTED', message: 'crypto.subtle.importKey must succeed; got an error (the cause)' });
    vi.stubGlobal('crypto', { subtle: { importKey: real.importKey.bind(real), sign: () => Promise.reject(new Error('no')) } });
    const signError = await rejected(hmac.createHmacKey(new Uint8Array(32)).sign('data'));
    // After a successful import, the message names the step that failed, not a missing WebCrypto.
    expect(signError).toMatchObject({ code: 'ERR_RUNTIME_UNSUPPORTED', message: 'crypto.subtle.sign must succeed; got an error (the cause)' });
    expect((signError as Error).cause).toEqual(new Error('no'));
  });
});

describe('WebCrypto path messages', () => {
  it('say what is missing and what to do instead', async () => {
    const { hmac } = await loadWithoutNodeCrypto();
    const key = hmac.createHmacKey(new Uint8Array(32));
    expect(() => key.signSync('data')).toThrow('*Sync calls must have node:crypto: use the async call');
    vi.stubGlobal('crypto', undefined);
    const error = await rejected(key.sign('data'));
    expect(error).toMatchObject({ message: 'crypto.subtle.importKey must succeed; got an error (the cause)' });
  });
});
