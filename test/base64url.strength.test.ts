import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../src/base64url.js';
import type * as Api from '../src/index.js';
import { decodeJwt, verifyJwt } from '../src/index.js';
import { expectJwtError } from './helpers/jwt-error.js';
import { loadWithoutNodeCrypto } from './helpers/without-node-crypto.js';
import { forge, KEY, NOW, PAYLOAD_TEXT } from './support/forge.js';

// Where the runtime has node:buffer, base64url is native; elsewhere btoa and atob. Both must give
// the same text and refuse the same spellings: the btoa path is the copy loaded without
// process.getBuiltinModule (as on workerd without nodejs_compat or in a browser).
let portable: typeof Api;
beforeAll(async () => {
  portable = (await loadWithoutNodeCrypto()).api;
});

describe('the btoa/atob base64url (no node:buffer) agrees with the native one', () => {
  it('encodes any bytes and any well-formed string to the same text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(portable.base64urlEncode(bytes)).toBe(base64urlEncode(bytes));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(portable.base64urlEncode(text)).toBe(base64urlEncode(text));
      }),
    );
  });

  it('decodes canonical text to the same bytes, and refuses with the same message what one refuses', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AQgw_-9=+/ .é'), maxLength: 12 }), (text) => {
        let native: unknown;
        let plain: unknown;
        try {
          native = Array.from(base64urlDecode(text));
        } catch (error) {
          native = (error as Error).message;
        }
        try {
          plain = Array.from(portable.base64urlDecode(text));
        } catch (error) {
          plain = (error as Error).message;
        }
        expect(plain).toEqual(native);
      }),
    );
  });

  it('decodes what either encodes back to the same bytes, including all-ones groups', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(portable.base64urlDecode(base64urlEncode(bytes))).toEqual(bytes);
      }),
    );
    for (const text of ['____', '_w', '__8', '-_8']) expect(Array.from(portable.base64urlDecode(text))).toEqual(Array.from(base64urlDecode(text)));
  });

  it('refuses a bad character, a length of 1 mod 4 and stray low bits', () => {
    for (const text of ['AA*A', 'AAAAA', 'AB', 'AAA=', 'ÿÿÿÿ']) expectJwtError(() => portable.base64urlDecode(text), 'ERR_JWT_MALFORMED', undefined, portable.JwtError);
  });

  it('encodes long input (bytes, ASCII text, other text) as the native one does', () => {
    const bytes = Uint8Array.from({ length: 30_001 }, (_, i) => (i * 131 + 7) & 255);
    for (const input of [bytes, 'a'.repeat(30_001), `${'é😀'.repeat(9_000)}x`, '\u007f\u0080']) {
      expect(portable.base64urlEncode(input)).toBe(base64urlEncode(input));
    }
  });
});

describe('token segments on the btoa/atob path: ASCII text read as is, any other byte as strict UTF-8', () => {
  const read = async (api: Pick<typeof Api, 'decodeJwt' | 'verifyJwt'>, token: string) => {
    try {
      return { decoded: api.decodeJwt(token), verified: (await api.verifyJwt(token, KEY, { now: NOW })).user };
    } catch (error) {
      return (error as Error).message;
    }
  };
  const payloads: [string, string | Uint8Array][] = [
    ['ASCII', PAYLOAD_TEXT],
    ['ASCII with a control character escaped', '{"scope":"user","external_id":"a\\u0000b\\u007f"}'],
    ['other characters', '{"scope":"user","external_id":"Zoë 😀","name":"名前"}'],
    ['a byte-order mark', `\ufeff${PAYLOAD_TEXT}`],
    ['invalid UTF-8', Uint8Array.from([...new TextEncoder().encode('{"scope":"user","external_id":"'), 0xc3, 0x28, 0x22, 0x7d])],
    ['a lone surrogate in UTF-8', Uint8Array.from([...new TextEncoder().encode('{"scope":"user","external_id":"'), 0xed, 0xa0, 0x80, 0x22, 0x7d])],
    ['a DEL byte and a C1 byte', Uint8Array.from([...new TextEncoder().encode('{"scope":"user","external_id":"'), 0x7f, 0xc2, 0x80, 0x22, 0x7d])],
  ];

  it.for(payloads)('reads a payload with %s as the native path does', async ([, payload]) => {
    const token = forge({ payload });
    const native = await read({ decodeJwt, verifyJwt }, token);
    expect(await read(portable, token)).toEqual(native);
  });

  it('reads any payload as the native path does: the same claims, or the same refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 })), async (inner) => {
        const token = forge({ payload: typeof inner === 'string' ? `{"scope":"user","external_id":${JSON.stringify(inner)}}` : inner });
        expect(await read(portable, token)).toEqual(await read({ decodeJwt, verifyJwt }, token));
      }),
      { numRuns: 300 },
    );
  });
});

describe('base64urlEncode: only a Uint8Array or a well-formed string', () => {
  it('refuses numbers, plain arrays and lone surrogates, which it once turned into wrong text', () => {
    for (const input of [12345, [300, -1], '\ud800', null, undefined, {}]) expectJwtError(() => base64urlEncode(input as never), 'ERR_OPTION_INVALID');
  });

  it('a Proxy whose trap throws leaves as a JwtError with the trap error as the cause', () => {
    const boom = new Error('trap failed');
    const input = new Proxy(new Uint8Array(9), {
      get() {
        throw boom;
      },
    });
    expect(expectJwtError(() => base64urlEncode(input), 'ERR_OPTION_INVALID').cause).toBe(boom);
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });
});

describe('long text', () => {
  it('decodes long text exactly, and still refuses a bad character at its end', () => {
    const bytes = Uint8Array.from({ length: 75_001 }, (_, i) => (i * 131 + 7) & 255);
    const text = base64urlEncode(bytes);
    expect(base64urlDecode(text)).toEqual(bytes);
    const bad = `${text.slice(0, -4)}+${text.slice(-3)}`;
    expect(expectJwtError(() => base64urlDecode(bad), 'ERR_JWT_MALFORMED').message).toBe('base64url text must be canonical base64url (A-Z a-z 0-9 - _, no padding)');
  });
});
