import { JwtError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Byte or char code -> 6-bit value, or -1 for anything outside the base64url alphabet (RFC 4648 §5). */
const DECODE_MAP = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) DECODE_MAP[ALPHABET.charCodeAt(i)] = i;

/**
 * Every 12-bit value as its two base64url characters, stored as two ASCII bytes in memory order,
 * so the encoder writes one 16-bit word per two characters.
 */
const PAIRS = new Uint16Array(4096);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
for (let i = 0; i < 4096; i++) {
  const first = ALPHABET.charCodeAt(i >>> 6);
  const second = ALPHABET.charCodeAt(i & 63);
  // Big-endian: no engine this library runs on (x86, ARM, WebAssembly hosts) is, so no test can reach it.
  PAIRS[i] = LITTLE_ENDIAN ? first | (second << 8) : /* v8 ignore next -- @preserve */ (first << 8) | second;
}

/**
 * Buffers reused across calls: TextEncoder#encode allocates an array per call, which costs more than
 * the encoding itself on a token-sized string. They grow to the largest input seen up to this cap;
 * a larger input gets buffers of its own.
 */
const MAX_SCRATCH_BYTES = 1 << 16;
let utf8Scratch: Uint8Array = new Uint8Array(1024);
let outScratch = new Uint16Array(1024);
/** Set while the scratch buffers are in use: a Proxy's trap that calls back in gets buffers of its own. */
let encoding = false;

const utf8Encoder = new TextEncoder();
// The encoder's output is ASCII, which any UTF-8 decoder turns into a string fastest.
const asciiDecoder = new TextDecoder();
// fatal: invalid UTF-8 must not be silently replaced by U+FFFD, or two byte strings read as one.
// ignoreBOM keeps a BOM visible so that utf8Decode can refuse it instead of dropping it.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a well-formed string. */
export function utf8Encode(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/**
 * Strict UTF-8: invalid sequences and a byte-order mark are `ERR_JWT_MALFORMED`
 * (RFC 8259 §8.1 forbids the BOM in networked JSON).
 */
export function utf8Decode(bytes: Uint8Array, what: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new JwtError('ERR_JWT_MALFORMED', `${what} starts with a UTF-8 byte-order mark; JWT JSON must not have one`);
  }
  try {
    return utf8Decoder.decode(bytes);
  } catch (cause) {
    throw new JwtError('ERR_JWT_MALFORMED', `${what} is not valid UTF-8`, { cause });
  }
}

/**
 * Encode bytes as unpadded base64url (RFC 7515 §2). A string is UTF-8 encoded first.
 *
 * @param input - bytes, or a string to take as UTF-8
 * @returns the base64url text, without `=` padding
 * @throws never
 * @example
 * ```ts
 * base64urlEncode('{"alg":"HS256"}'); // 'eyJhbGciOiJIUzI1NiJ9'
 * ```
 */
export function base64urlEncode(input: Uint8Array | string): string {
  if (encoding) return encode(input, false);
  encoding = true;
  try {
    return encode(input, true);
  } finally {
    encoding = false;
  }
}

function encode(input: Uint8Array | string, reuse: boolean): string {
  let bytes: Uint8Array;
  let length: number;
  if (typeof input === 'string') {
    // A UTF-16 unit never takes more than 3 UTF-8 bytes.
    const size = input.length * 3;
    bytes = reuse && utf8Scratch.length >= size ? utf8Scratch : new Uint8Array(size);
    if (reuse && size <= MAX_SCRATCH_BYTES) utf8Scratch = bytes;
    length = utf8Encoder.encodeInto(input, bytes).written;
  } else {
    bytes = input;
    length = input.length;
  }
  const rest = length % 3;
  const outLength = ((length - rest) / 3) * 4 + (rest === 0 ? 0 : rest + 1);
  const words = (outLength + 1) >>> 1;
  const pairs = reuse && outScratch.length >= words ? outScratch : new Uint16Array(words);
  if (reuse && words * 2 <= MAX_SCRATCH_BYTES) outScratch = pairs;
  let i = 0;
  let o = 0;
  for (const full = length - rest; i < full; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    pairs[o++] = PAIRS[n >>> 12] as number;
    pairs[o++] = PAIRS[n & 4095] as number;
  }
  const out = new Uint8Array(pairs.buffer, 0, outLength);
  o *= 2;
  if (rest === 1) {
    const n = bytes[i] as number;
    out[o++] = ALPHABET.charCodeAt(n >>> 2);
    out[o] = ALPHABET.charCodeAt((n << 4) & 63);
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    out[o++] = ALPHABET.charCodeAt(n >>> 10);
    out[o++] = ALPHABET.charCodeAt((n >>> 4) & 63);
    out[o] = ALPHABET.charCodeAt((n << 2) & 63);
  }
  return asciiDecoder.decode(out);
}

/**
 * Decode strict base64url: alphabet `A-Z a-z 0-9 - _` only, no padding, no white space, and
 * the unused low bits of the last character zero, so every byte string has one spelling.
 *
 * @param input - unpadded base64url text
 * @returns the decoded bytes
 * @throws {@link JwtError} `ERR_JWT_MALFORMED` for anything that is not canonical base64url
 * @example
 * ```ts
 * base64urlDecode('Zm9v'); // Uint8Array [102, 111, 111]
 * base64urlDecode('Zm9=');  // throws JwtError ERR_JWT_MALFORMED
 * ```
 */
export function base64urlDecode(input: string): Uint8Array {
  return decode(input, false);
}

/**
 * {@link base64urlDecode} into a buffer that the next call overwrites: read the bytes before
 * decoding again. The verify path reads each segment at once, and a fresh array per token costs
 * as much as the decoding. Internal.
 */
export function base64urlDecodeShared(input: string): Uint8Array {
  return decode(input, true);
}

let decodeScratch = new Uint8Array(1024);
let decodeInput = new Uint8Array(1024);

function decode(input: unknown, shared: boolean): Uint8Array {
  if (typeof input !== 'string') {
    throw new JwtError('ERR_JWT_MALFORMED', `base64url input must be a string; got ${typeof input}`);
  }
  const length = input.length;
  const rest = length & 3;
  if (rest === 1) {
    throw new JwtError('ERR_JWT_MALFORMED', `base64url text of length ${length} cannot be complete (length mod 4 is 1)`);
  }
  const size = (length >>> 2) * 3 + (rest === 0 ? 0 : rest - 1);
  let out: Uint8Array;
  if (shared && size <= MAX_SCRATCH_BYTES) {
    if (decodeScratch.length < size) decodeScratch = new Uint8Array(size);
    out = decodeScratch.subarray(0, size);
  } else {
    out = new Uint8Array(size);
  }
  // The text as bytes through the native encoder, then one table lookup per byte: charCodeAt in a
  // JS loop is twice as slow. A character above U+007F takes two or more bytes, so read and written
  // then differ from the length, and the slow path names the first bad character.
  if (decodeInput.length < length && length <= MAX_SCRATCH_BYTES) decodeInput = new Uint8Array(length);
  const chars = decodeInput.length >= length ? decodeInput : new Uint8Array(length);
  const { read, written } = utf8Encoder.encodeInto(input, chars);
  if (read !== length || written !== length) rejectFirstBad(input);
  let o = 0;
  let i = 0;
  // Any character outside the alphabet maps to -1 and leaves `invalid` negative; checked once, after the loop.
  let invalid = 0;
  for (const full = length - rest; i < full; i += 4) {
    const n =
      ((DECODE_MAP[chars[i] as number] as number) << 18) |
      ((DECODE_MAP[chars[i + 1] as number] as number) << 12) |
      ((DECODE_MAP[chars[i + 2] as number] as number) << 6) |
      (DECODE_MAP[chars[i + 3] as number] as number);
    invalid |= n;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  if (invalid < 0) rejectFirstBad(input);
  if (rest === 2) {
    const last = sextet(input, i + 1);
    if ((last & 15) !== 0) throw nonCanonical();
    out[o] = (sextet(input, i) << 2) | (last >>> 4);
  } else if (rest === 3) {
    const last = sextet(input, i + 2);
    if ((last & 3) !== 0) throw nonCanonical();
    const n = (sextet(input, i) << 10) | (sextet(input, i + 1) << 4) | (last >>> 2);
    out[o++] = n >>> 8;
    out[o] = n & 255;
  }
  return out;
}

/** Throw for the first character outside the alphabet, naming its index. */
function rejectFirstBad(input: string): never {
  for (let k = 0; k < input.length; k++) sextet(input, k);
  // Unreachable: callers come here only for text with a bad character, and sextet throws on it first.
  // Stryker disable next-line all: equivalent, never executed.
  /* v8 ignore next -- @preserve */ throw new JwtError('ERR_JWT_MALFORMED', 'base64url text has a character outside A-Z a-z 0-9 - _');
}

function sextet(input: string, index: number): number {
  const code = input.charCodeAt(index);
  const value = code < 128 ? (DECODE_MAP[code] as number) : -1;
  if (value < 0) {
    throw new JwtError(
      'ERR_JWT_MALFORMED',
      `base64url text has a character outside A-Z a-z 0-9 - _ at index ${index} (no padding, white space or +/ allowed)`,
    );
  }
  return value;
}

function nonCanonical(): JwtError {
  return new JwtError(
    'ERR_JWT_MALFORMED',
    'base64url text is not canonical: the unused low bits of its last character must be zero',
  );
}
