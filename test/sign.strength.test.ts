import { describe, expect, it } from 'vitest';
import { createSigner, prepareKey } from '../src/sign.js';
import { expectJwtError } from './helpers/jwt-error.js';

// Written from the surviving mutants of src/sign.ts (npm run mutate).
const SECRET = 'strength-secret-0123456789abcdef-0123';

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('key checks: the message says what is wrong', () => {
  it('a key that is not an object is refused as such, not as an object whose reading threw', () => {
    for (const [key, got] of [
      [null, 'null'],
      ['app_1', 'string'],
      [42, 'number'],
    ] as const) {
      const error = expectJwtError(() => createSigner(key as never), 'ERR_KEY_INVALID');
      expect(error.message).toBe(`key must be an object; got ${got}`);
      expect(error.cause).toBeUndefined();
    }
  });

  it('kid: white space at either end is refused (the whole kid must be visible ASCII)', () => {
    for (const kid of [' app_1', 'app_1 ', 'app\n1', 'kïd']) {
      expect(expectJwtError(() => createSigner({ kid, secret: SECRET }), 'ERR_KEY_INVALID').message).toMatch(
        /; got other characters$/,
      );
    }
    expect(expectJwtError(() => createSigner({ kid: '', secret: SECRET }), 'ERR_KEY_INVALID').message).toMatch(/; got other characters$/);
    expect(expectJwtError(() => createSigner({ kid: 7 as unknown as string, secret: SECRET }), 'ERR_KEY_INVALID').message).toMatch(
      /^kid must be visible ASCII, 1 or more; got number$/,
    );
    expect(createSigner({ kid: '!~', secret: SECRET }).kid).toBe('!~');
  });

  it('a Uint8Array secret that cannot be read is ERR_KEY_INVALID with the engine error as the cause', () => {
    const unreadable = new Proxy(new Uint8Array(40), {
      get() {
        throw new Error('trap');
      },
    });
    const error = expectJwtError(() => createSigner({ kid: 'strength_unreadable', secret: unreadable }), 'ERR_KEY_INVALID');
    // The entry point's one guard blames the key object being read, and keeps what threw.
    expect(error.message).toBe('key must be a plain object; got an error (the cause)');
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('prepared-key cache', () => {
  it('a revoked Proxy as the secret of a cached kid is no hit: it is refused as ERR_KEY_INVALID', () => {
    const kid = 'strength_cached_bytes';
    prepareKey({ kid, secret: SECRET });
    expectJwtError(() => createSigner({ kid, secret: revoked() as Uint8Array }), 'ERR_KEY_INVALID');
  });

  it('holds the 16 most recently prepared kids: the 17th evicts the oldest only', () => {
    const kids = Array.from({ length: 17 }, (_, i) => `strength_lru_${i}`);
    const first = kids.map((kid) => prepareKey({ kid, secret: SECRET }));
    // kid 0 was evicted by kid 16; kids 1 to 16 are still there.
    for (let i = 1; i < 17; i++) expect(prepareKey({ kid: kids[i] as string, secret: SECRET })).toBe(first[i]);
    expect(prepareKey({ kid: kids[0] as string, secret: SECRET })).not.toBe(first[0]);
  });
});
