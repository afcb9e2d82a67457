import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepareKey, signJwt, signJwtSync, type SigningKey } from '../src/sign.js';
import { verifyJwt, verifyJwtSync } from '../src/verify.js';
import { expectJwtError } from './helpers/jwt-error.js';

// The one-shot calls reuse keys prepared before (a bounded cache keyed by kid, string secrets
// only). These tests hold the cache to its promises: a hit needs the same secret, and a caller's
// later change to its Uint8Array never yields a token signed with the old bytes.

const NOW = 1_700_000_000;
const USER = { externalId: 'user-42' };

function hs256(secret: string | Uint8Array, token: string): string {
  return createHmac('sha256', secret).update(token.slice(0, token.lastIndexOf('.'))).digest('base64url');
}
const signatureOf = (token: string): string => token.slice(token.lastIndexOf('.') + 1);

describe('prepared-key cache behind signJwt / verifyJwt', () => {
  it('gives the same prepared key for the same kid and secret, even from a new key object', () => {
    const secret = 'cache-secret-0123456789abcdef-0123456789';
    expect(prepareKey({ kid: 'cache_same', secret })).toBe(prepareKey({ kid: 'cache_same', secret: `${secret}` }));
  });

  it('signs with the bytes a Uint8Array holds now, not the bytes it held when first used', () => {
    const bytes = new Uint8Array(32).fill(7);
    const key: SigningKey = { kid: 'cache_mutated', secret: bytes };
    const before = signJwtSync(USER, key, { now: NOW });
    expect(signatureOf(before)).toBe(hs256(Buffer.from(bytes), before));
    bytes[31] = 8;
    const after = signJwtSync(USER, key, { now: NOW });
    expect(signatureOf(after)).toBe(hs256(Buffer.from(bytes), after));
    expect(after).not.toBe(before);
  });

  it('never keeps a Uint8Array secret: each call prepares the bytes it is given', () => {
    const bytes = new Uint8Array(40).fill(1);
    const first = prepareKey({ kid: 'cache_bytes', secret: bytes });
    expect(prepareKey({ kid: 'cache_bytes', secret: bytes })).not.toBe(first);
  });

  it('a Uint8Array secret under a kid cached with a string secret is no hit', () => {
    const secret = 'cache-string-then-bytes-0123456789abcdef';
    const cached = prepareKey({ kid: 'cache_kind_swap', secret });
    expect(prepareKey({ kid: 'cache_kind_swap', secret })).toBe(cached);
    expect(prepareKey({ kid: 'cache_kind_swap', secret: new TextEncoder().encode(secret) })).not.toBe(cached);
  });

  it('a string secret and its UTF-8 bytes are different cache entries but sign the same', () => {
    const secret = 'cache-string-or-bytes-0123456789abcdef';
    const fromString = signJwtSync(USER, { kid: 'cache_kind', secret }, { now: NOW });
    const fromBytes = signJwtSync(USER, { kid: 'cache_kind', secret: new TextEncoder().encode(secret) }, { now: NOW });
    expect(fromBytes).toBe(fromString);
  });

  it('a rotated secret under the same kid signs and verifies with the new secret only', async () => {
    const oldKey = { kid: 'cache_rotated', secret: 'old-secret-0123456789abcdef-0123456789' };
    const newKey = { kid: 'cache_rotated', secret: 'new-secret-0123456789abcdef-0123456789' };
    const oldToken = await signJwt(USER, oldKey, { now: NOW });
    const newToken = await signJwt(USER, newKey, { now: NOW });
    expect(signatureOf(newToken)).toBe(hs256(newKey.secret, newToken));
    expect(verifyJwtSync(newToken, newKey, { now: NOW }).user.externalId).toBe('user-42');
    expectJwtError(() => verifyJwtSync(oldToken, newKey, { now: NOW }), 'ERR_SIGNATURE_INVALID');
    await expect(verifyJwt(newToken, oldKey, { now: NOW })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' });
  });

  it('a bad secret under a cached kid is still refused, never served from the cache', () => {
    const secret = 'cached-good-secret-0123456789abcdef-012';
    signJwtSync(USER, { kid: 'cache_bad', secret }, { now: NOW });
    expectJwtError(() => signJwtSync(USER, { kid: 'cache_bad', secret: `${secret}\n` }, { now: NOW }), 'ERR_KEY_INVALID');
    expectJwtError(() => signJwtSync(USER, { kid: 'cache_bad', secret: secret.slice(0, 20) }, { now: NOW }), 'ERR_KEY_INVALID');
  });

  it('stays correct when more kids pass through than it holds', () => {
    const keys = Array.from({ length: 40 }, (_, i) => ({ kid: `cache_many_${i}`, secret: `many-secret-${i}-0123456789abcdef-0123456789` }));
    for (let round = 0; round < 2; round++) {
      for (const key of keys) {
        const token = signJwtSync(USER, key, { now: NOW });
        expect(signatureOf(token)).toBe(hs256(key.secret, token));
      }
    }
  });
});
