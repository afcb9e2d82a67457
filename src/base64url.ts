import { must } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// The tables and buffers below are made by calls marked pure, so that a bundle that only signs
// (and so never decodes) drops the decoding ones.

/** Byte or char code -> 6-bit value, or -1 for anything outside the base64url alphabet (RFC 4648 §5). */
const DECODE_MAP = /* @__PURE__ */ decodeMap();

function decodeMap(): Int8Array {
  const map = new Int8Array(256).fill(-1);
  // Stryker disable next-line EqualityOperator: equivalent, charCodeAt(64) is NaN and a typed array ignores a write at key NaN.
  for (let i = 0; i < 64; i++) map[ALPHABET.charCodeAt(i)] = i;
  return map;
}

/**
 * Every 12-bit value as its two base64url characters, stored as two ASCII bytes in memory order,
 * so the encoder writes one 16-bit word per two characters. Written as bytes and read as words,
 * the table is right on a machine of either byte order.
 */
const PAIRS = /* @__PURE__ */ pairs();

function pairs(): Uint16Array {
  const bytes = new Uint8Array(8192);
  // Stryker disable next-line EqualityOperator: equivalent, a typed array ignores the write at index 8192.
  for (let i = 0; i < 8192; i++) bytes[i] = ALPHABET.charCodeAt(i & 1 ? (i >>> 1) & 63 : i >>> 7);
  return new Uint16Array(bytes.buffer);
}

/**
 * Buffers reused across calls: TextEncoder#encode allocates an array per call, which costs more than
 * the encoding itself on a token-sized string. They grow to the largest input seen up to this cap;
 * a larger input gets buffers of its own.
 */
const MAX_SCRATCH_BYTES = 1 << 16;
let utf8Scratch: Uint8Array = /* @__PURE__ */ new Uint8Array(1024);
let outScratch = /* @__PURE__ */ new Uint16Array(1024);

const utf8Encoder = /* @__PURE__ */ new TextEncoder();
// The encoder's output is ASCII, which any UTF-8 decoder turns into a string fastest.
const asciiDecoder = /* @__PURE__ */ new TextDecoder();
// fatal: invalid UTF-8 must not be silently replaced by U+FFFD, or two byte strings read as one.
// ignoreBOM keeps a BOM visible so that utf8Decode can refuse it instead of dropping it.
// Stryker disable next-line BooleanLiteral: equivalent, utf8Decode refuses a leading BOM before the decoder sees the bytes.
const utf8Decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a well-formed string. */
export function utf8Encode(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/**
 * Strict UTF-8: invalid sequences and a byte-order mark are `ERR_JWT_MALFORMED`
 * (RFC 8259 §8.1 forbids the BOM in networked JSON).
 */
export function utf8Decode(bytes: Uint8Array, what: string): string {
  let cause: unknown;
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) {
    try {
      return utf8Decoder.decode(bytes);
    } catch (error) {
      cause = error;
    }
  }
  throw must('ERR_JWT_MALFORMED', what, 'be UTF-8 with no byte-order mark', cause === undefined ? 'a byte-order mark' : 'invalid UTF-8', undefined, undefined, cause);
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
  // Only a string reuses the scratch buffers: reading it runs no code of the caller's, whereas the
  // bytes of a Proxy could call back in here while the buffers are being filled.
  const reuse = typeof input === 'string';
  let bytes: Uint8Array;
  let length: number;
  if (reuse) {
    // A UTF-16 unit never takes more than 3 UTF-8 bytes.
    const size = input.length * 3;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: which buffer takes the UTF-8 bytes is allocation only (`false` and `>` give the same output); a too-small one (`true`) is caught by the long-string tests.
    bytes = utf8Scratch.length >= size ? utf8Scratch : new Uint8Array(size);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, whether a buffer is kept for the next call changes memory, not output.
    if (size <= MAX_SCRATCH_BYTES) utf8Scratch = bytes;
    length = utf8Encoder.encodeInto(input, bytes).written;
  } else {
    bytes = input;
    length = input.length;
  }
  const rest = length % 3;
  const outLength = ((length - rest) / 3) * 4 + (rest === 0 ? 0 : rest + 1);
  const words = (outLength + 1) >>> 1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: which buffer holds the output is allocation only (the encoding is the same); reusing a too-small one is caught by the long-string tests.
  const pairs = reuse && outScratch.length >= words ? outScratch : new Uint16Array(words);
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent, whether a buffer is kept for the next call changes memory, not output.
  if (reuse && words * 2 <= MAX_SCRATCH_BYTES) outScratch = pairs;
  let i = 0;
  let o = 0;
  for (const full = length - rest; i < full; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    pairs[o++] = PAIRS[n >>> 12] as number;
    pairs[o++] = PAIRS[n & 4095] as number;
  }
  // Stryker disable next-line ConditionalExpression: equivalent, with rest 0 the extra word lands past outLength, outside the view that is decoded.
  if (rest !== 0) {
    // The last one or two bytes, zero-padded: their characters are the first two or three of a group.
    const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
    pairs[o++] = PAIRS[n >>> 12] as number;
    // Stryker disable next-line ConditionalExpression: equivalent, with rest 1 the extra word lands past outLength, outside the view that is decoded.
    if (rest === 2) pairs[o] = PAIRS[n & 4095] as number;
  }
  return asciiDecoder.decode(new Uint8Array(pairs.buffer, 0, outLength));
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

let decodeScratch = /* @__PURE__ */ new Uint8Array(1024);
let decodeInput = /* @__PURE__ */ new Uint8Array(1024);
const TEXT = 'base64url text';

function decode(input: unknown, shared: boolean): Uint8Array {
  if (typeof input !== 'string') throw must('ERR_JWT_MALFORMED', 'base64url input', 'be a string', typeof input);
  const length = input.length;
  const rest = length & 3;
  if (rest === 1) throw must('ERR_JWT_MALFORMED', TEXT, 'be complete', `a length of 1 mod 4 (${length})`);
  const size = (length >>> 2) * 3 + (rest === 0 ? 0 : rest - 1);
  // Whole groups of three bytes: a short last group is decoded as a whole one (see below).
  const room = ((length + 3) >>> 2) * 3;
  let out: Uint8Array;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: `shared && true` and `<` are equivalent (memory only; room is a multiple of 3, never 2^16); `false` and `>` fail the buffer-reuse test in test/messages.strength.test.ts.
  if (shared && room <= MAX_SCRATCH_BYTES) {
    if (decodeScratch.length < room) decodeScratch = new Uint8Array(room);
    out = decodeScratch;
  } else {
    out = new Uint8Array(room);
  }
  // The text as bytes through the native encoder, then one table lookup per byte: charCodeAt in a
  // JS loop is twice as slow. A character above U+007F takes two or more bytes, so read and written
  // then differ from the length, and the slow path names the first bad character. Two more bytes
  // hold "AA": a short last group reads as a whole one padded with zero bits.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,LogicalOperator: equivalent, sizing of the reused input buffer; the next line takes a fresh one whenever it is short.
  if (decodeInput.length < length + 2 && length <= MAX_SCRATCH_BYTES) decodeInput = new Uint8Array(length + 2);
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent, the buffer was just grown to fit (up to 2^16); past that, missing padding bytes read as undefined, which shifts to 0 like 'A'.
  const chars = decodeInput.length >= length + 2 ? decodeInput : new Uint8Array(length + 2);
  const { read, written } = utf8Encoder.encodeInto(input, chars);
  // Stryker disable next-line LogicalOperator,ConditionalExpression: equivalent, a non-ASCII character puts a byte >= 0x80 within the first `length` bytes, which the table maps to -1 and the loop refuses.
  if (read !== length || written !== length) rejectFirstBad(input);
  chars[length] = chars[length + 1] = 65;
  let o = 0;
  // Any character outside the alphabet maps to -1 and leaves `invalid` negative; checked once, after the loop.
  let invalid = 0;
  for (let i = 0; i < length; i += 4) {
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
  // The byte after `size` in a padded group holds the unused low bits of the last character: they must be zero.
  if (rest !== 0 && out[size] !== 0) throw must('ERR_JWT_MALFORMED', TEXT, 'be canonical', 'non-zero unused bits in its last character');
  // A private result is copied to its exact length, so that its buffer holds nothing more.
  return out === decodeScratch ? out.subarray(0, size) : out.slice(0, size);
}

/** Throw for the first character outside the alphabet, naming its index. */
function rejectFirstBad(input: string): never {
  let index = 0;
  // Past the end charCodeAt gives NaN, which is no index of the map either: the loop always stops.
  while ((DECODE_MAP[input.charCodeAt(index)] ?? -1) >= 0) index++;
  throw must('ERR_JWT_MALFORMED', TEXT, 'use only A-Z a-z 0-9 - _', `another character at index ${index}`);
}
