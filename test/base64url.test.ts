import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../src/base64url.js';
import { expectJwtError } from './helpers/jwt-error.js';
import { base64urlVectors, bytesHex, hexBytes, rfc7515 } from './helpers/vectors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('base64url vectors (RFC 4648 §10 re-spelled, binary)', () => {
  it('holds the expected cases, including all 256 byte values', () => {
    expect(base64urlVectors.valid.length).toBeGreaterThanOrEqual(20);
    expect(base64urlVectors.invalid.length).toBeGreaterThanOrEqual(20);
    const everyByte = base64urlVectors.valid.find((v) => v.hex.length === 512);
    expect(everyByte && new Set(hexBytes(everyByte.hex)).size).toBe(256);
  });

  it.for(base64urlVectors.valid)('encodes and decodes $hex <-> "$base64url"', (vector) => {
    const bytes = hexBytes(vector.hex);
    expect(base64urlEncode(bytes)).toBe(vector.base64url);
    expect(bytesHex(base64urlDecode(vector.base64url))).toBe(vector.hex);
    if (vector.text !== undefined) expect(base64urlEncode(vector.text)).toBe(vector.base64url);
    // The padded standard spelling differs only in alphabet and padding.
    expect(vector.base64.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_')).toBe(vector.base64url);
  });

  it.for(base64urlVectors.invalid)('rejects %# ($why)', (vector) => {
    const error = expectJwtError(() => base64urlDecode(vector.input), 'ERR_JWT_MALFORMED', null);
    expect(error.message).toMatch(/base64url/);
  });
});

describe('RFC 7515 A.1 segments', () => {
  it('encodes the exact header and payload bytes (CR LF and all) to the published segments', () => {
    expect(base64urlEncode(rfc7515.protectedHeader)).toBe(rfc7515.protectedHeaderB64u);
    expect(base64urlEncode(Uint8Array.from(rfc7515.protectedHeaderBytes))).toBe(rfc7515.protectedHeaderB64u);
    expect(base64urlEncode(rfc7515.payload)).toBe(rfc7515.payloadB64u);
    expect(base64urlEncode(hexBytes(rfc7515.payloadHex))).toBe(rfc7515.payloadB64u);
    expect(base64urlEncode(Uint8Array.from(rfc7515.signatureBytes))).toBe(rfc7515.signatureB64u);
    expect(`${rfc7515.protectedHeaderB64u}.${rfc7515.payloadB64u}`).toBe(rfc7515.signingInput);
  });

  it('decodes the segments, the signature and the JWK back to the published bytes', () => {
    const [header, payload, signature] = rfc7515.compact.split('.');
    expect(utf8Decode(base64urlDecode(header ?? ''), 'header')).toBe(rfc7515.protectedHeader);
    expect(bytesHex(base64urlDecode(payload ?? ''))).toBe(rfc7515.payloadHex);
    expect(Array.from(base64urlDecode(signature ?? ''))).toEqual(rfc7515.signatureBytes);
    expect(bytesHex(base64urlDecode(rfc7515.jwk.k))).toBe(rfc7515.keyHex);
  });
});

describe('base64urlEncode', () => {
  it('takes a string as UTF-8', () => {
    expect(base64urlEncode('é')).toBe(base64urlEncode(Uint8Array.from([0xc3, 0xa9])));
    expect(base64urlEncode('{"alg":"HS256"}')).toBe('eyJhbGciOiJIUzI1NiJ9');
  });

  it('equals Buffer#toString("base64url") for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base64urlEncode(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 500 },
    );
  });

  it('equals Buffer#toString("base64url") of the UTF-8 bytes for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()), (text) => {
        expect(base64urlEncode(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      }),
      { numRuns: 500 },
    );
  });

  it('encodes a view, not the whole buffer behind it', () => {
    const buffer = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    expect(base64urlEncode(buffer.subarray(2, 4))).toBe(base64urlEncode(Uint8Array.from([3, 4])));
  });
});

describe('base64urlDecode (strict)', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base64urlDecode(base64urlEncode(bytes))).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts exactly the canonical spellings: whatever it decodes, it re-encodes to the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 }), (text) => {
        let bytes: Uint8Array;
        try {
          bytes = base64urlDecode(text);
        } catch {
          // Only two kinds of alphabet-only text are refused: an impossible length and stray low bits.
          const rest = text.length % 4;
          const last = ALPHABET.indexOf(text.at(-1) ?? 'A');
          expect(rest === 1 || (rest === 2 && (last & 15) !== 0) || (rest === 3 && (last & 3) !== 0)).toBe(true);
          return;
        }
        expect(base64urlEncode(bytes)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects every non-zero setting of the unused low bits of the last character', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }).filter((bytes) => bytes.length % 3 !== 0),
        fc.integer({ min: 1, max: 15 }),
        (bytes, bits) => {
          const text = base64urlEncode(bytes);
          const unused = bytes.length % 3 === 1 ? 15 : 3;
          fc.pre((bits & unused) !== 0);
          const last = ALPHABET.indexOf(text.at(-1) ?? '');
          const spoiled = text.slice(0, -1) + ALPHABET.charAt(last | (bits & unused));
          expectJwtError(() => base64urlDecode(spoiled), 'ERR_JWT_MALFORMED');
        },
      ),
    );
  });

  it('rejects any character outside the alphabet anywhere, which Buffer would skip', () => {
    const outside = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !ALPHABET.includes(c));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 30 }), outside, fc.nat(), (bytes, char, at) => {
        const text = base64urlEncode(bytes);
        const index = at % (text.length + 1);
        expectJwtError(() => base64urlDecode(text.slice(0, index) + char + text.slice(index)), 'ERR_JWT_MALFORMED');
      }),
    );
  });

  it('gives a short last group an array of its exact length, with no spare bytes in its buffer', () => {
    for (const [text, bytes] of [['Zm8', [102, 111]], ['Zg', [102]], ['Zm9v', [102, 111, 111]]] as const) {
      const decoded = base64urlDecode(text);
      expect(Array.from(decoded)).toEqual(bytes);
      expect(decoded.buffer.byteLength).toBe(bytes.length);
    }
  });

  it('rejects a length of 1 mod 4 and a non-string', () => {
    expectJwtError(() => base64urlDecode('AAAAA'), 'ERR_JWT_MALFORMED');
    expect(base64urlDecode('')).toEqual(new Uint8Array(0));
    for (const value of [null, undefined, 42, ['Zg'], new Uint8Array(2)]) {
      expectJwtError(() => base64urlDecode(value as unknown as string), 'ERR_JWT_MALFORMED');
    }
  });

  it('says what base64url must be and never echoes the input', () => {
    const error = expectJwtError(() => base64urlDecode('Zm9v*secret'), 'ERR_JWT_MALFORMED');
    expect(error.message).toBe('base64url text must be canonical base64url (A-Z a-z 0-9 - _, no padding)');
    expect(error.message).not.toContain('secret');
  });
});

describe('utf8Encode / utf8Decode', () => {
  it('round-trips any well-formed string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        const bytes = utf8Encode(text);
        expect(Buffer.from(bytes).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(utf8Decode(bytes, 'payload')).toBe(text);
      }),
    );
  });

  it('rejects a leading byte-order mark, naming the part', () => {
    const error = expectJwtError(() => utf8Decode(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 'header'), 'ERR_JWT_MALFORMED');
    expect(error.message).toMatch(/^header .*byte-order mark/);
    // A U+FEFF after the start is an ordinary character.
    expect(utf8Decode(Uint8Array.from([0x22, 0xef, 0xbb, 0xbf, 0x22]), 'payload')).toBe('"\ufeff"');
  });

  it('rejects invalid UTF-8 instead of replacing it with U+FFFD', () => {
    const invalid = [
      [0xff],
      [0xc0, 0x80], // overlong NUL
      [0xed, 0xa0, 0x80], // an encoded surrogate
      [0xe2, 0x82], // truncated sequence
      [0x80],
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    ];
    for (const bytes of invalid) {
      const error = expectJwtError(() => utf8Decode(Uint8Array.from(bytes), 'payload'), 'ERR_JWT_MALFORMED');
      expect(error.message).toBe('payload must be UTF-8; got invalid UTF-8');
      expect(error.cause).toBeDefined();
    }
  });
});
