import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlEncode } from '../src/base64url.js';
import { constantTimeEqual, createHmacKey } from '../src/hmac.js';
import { hmacVectorSuite } from './helpers/hmac-vectors.js';
import { verify, verifySync, isSync } from './helpers/mac.js';

describe('createHmacKey on Node (node:crypto path)', () => {
  it('takes the node:crypto path here, so the *Sync calls work', () => {
    expect(typeof process.getBuiltinModule).toBe('function');
    expect(isSync(createHmacKey(new Uint8Array(32)))).toBe(true);
  });

  hmacVectorSuite(() => createHmacKey, true);

  it('equals node:crypto createHmac for any key and data (bytes or UTF-8 text)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 })),
        async (secret, data) => {
          const expected = createHmac('sha256', secret).update(data).digest('base64url');
          const key = createHmacKey(secret);
          expect(key.signSync(data)).toBe(expected);
          expect(await key.sign(data)).toBe(expected);
          expect(verifySync(key, data, expected)).toBe(true);
          expect(await verify(key, data, expected)).toBe(true);
        },
      ),
    );
  });

  it('refuses any one-character change to a signature', async () => {
    const key = createHmacKey(new TextEncoder().encode('k'.repeat(32)));
    const signature = key.signSync('header.payload');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: signature.length - 1 }), fc.constantFrom(...alphabet), async (index, char) => {
        fc.pre(signature[index] !== char);
        const changed = signature.slice(0, index) + char + signature.slice(index + 1);
        expect(verifySync(key, 'header.payload', changed)).toBe(false);
        expect(await verify(key, 'header.payload', changed)).toBe(false);
      }),
    );
  });

  it('takes a string as its UTF-8 bytes', () => {
    const key = createHmacKey(new Uint8Array(32).fill(7));
    expect(key.signSync('é😀')).toBe(key.signSync(Uint8Array.from([0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80])));
  });

  it('keeps signing with the key it was given when the caller reuses its array', async () => {
    const expected = createHmac('sha256', new Uint8Array(32).fill(1)).update('data').digest('base64url');
    const secret = new Uint8Array(32).fill(1);
    const key = createHmacKey(secret);
    // Changed before the first use too: no lazy step may read the caller's array later.
    secret.fill(2);
    expect(await key.sign('data')).toBe(expected);
    expect(key.signSync('data')).toBe(expected);
    secret.fill(3);
    expect(key.signSync('data')).toBe(expected);
  });

  it('async sign returns a promise, also on the node:crypto path', () => {
    const signed = createHmacKey(new Uint8Array(32)).sign('x');
    expect(signed).toBeInstanceOf(Promise);
    return signed;
  });
});

describe('constantTimeEqual', () => {
  it('is true only for the very same text', () => {
    const mac = base64urlEncode(new Uint8Array(32).fill(9));
    expect(constantTimeEqual(mac, mac)).toBe(true);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual(mac, `${mac.slice(0, -1)}A`)).toBe(mac.endsWith('A'));
    expect(constantTimeEqual(`A${mac.slice(1)}`, `B${mac.slice(1)}`)).toBe(false);
    expect(constantTimeEqual(mac, mac.slice(0, -1))).toBe(false);
    expect(constantTimeEqual(mac.slice(0, -1), mac)).toBe(false);
    expect(constantTimeEqual(mac, `${mac}A`)).toBe(false);
    expect(constantTimeEqual('a', 'A')).toBe(false);
  });

  it('agrees with === for any two strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.string({ maxLength: 50 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
    );
  });
});
