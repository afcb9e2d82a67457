import { attempt, describe, fail, guard } from './errors.js';

/**
 * A `node:` module found at run time through `process.getBuiltinModule` (Node >= 20.16, Bun,
 * Deno, workerd with nodejs_compat): never a static import, so one build loads in Workers and
 * browsers too. Internal.
 */
export function builtin<T>(id: string): T | undefined {
  return (globalThis as { process?: { getBuiltinModule?: (id: string) => T } }).process?.getBuiltinModule?.(id);
}

/** The slice of `node:buffer` used here, typed locally so that no Node types leak into the build. */
type NodeBuffer = { from(input: Uint8Array | string, encoding?: 'base64url'): Uint8Array & { toString(encoding: 'base64url'): string } };

// Native where the runtime has it; elsewhere (browsers, workerd without nodejs_compat) btoa and atob.
const NativeBuffer = /* @__PURE__ */ builtin<{ Buffer: NodeBuffer }>('node:buffer')?.Buffer;
/** RFC 4648 §5, in value order. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ASCII = /^[\0-\x7f]*$/;
const utf8Encoder = /* @__PURE__ */ new TextEncoder();
// fatal: invalid UTF-8 must not become U+FFFD, or two byte strings read as one. ignoreBOM keeps
// a byte-order mark in the text, where utf8Decode refuses it (RFC 8259 §8.1).
const utf8Decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a well-formed string. Internal. */
export function utf8Encode(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Strict UTF-8 with no byte-order mark, else `ERR_JWT_MALFORMED` naming `what`. Internal. */
export function utf8Decode(bytes: Uint8Array, what: string): string {
  const text = attempt(() => utf8Decoder.decode(bytes), (cause) => fail('ERR_JWT_MALFORMED', what, 'be UTF-8', { got: 'invalid UTF-8', cause }));
  if (text.charCodeAt(0) === 0xfeff) throw fail('ERR_JWT_MALFORMED', what, 'not start with a byte-order mark');
  return text;
}

/** Unpadded base64url of bytes, or of a well-formed string's UTF-8 bytes. Internal. */
export function encode(input: Uint8Array | string): string {
  if (NativeBuffer) return NativeBuffer.from(input).toString('base64url');
  // btoa takes one character per byte. ASCII text (a token's JSON, most often) is its own UTF-8 and
  // needs no byte array, which V8 allocates off its heap past 64 bytes at a cost above the encoding's.
  const binary = typeof input === 'string' && ASCII.test(input) ? input : latin1(typeof input === 'string' ? utf8Encode(input) : input);
  // Unpadded: a short last group of 1 or 2 bytes takes 2 or 3 characters, not 4.
  return btoa(binary).slice(0, Math.ceil((binary.length * 4) / 3)).replaceAll('+', '-').replaceAll('/', '_');
}

/** Bytes as text of one character per byte, as btoa and atob read and write them. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/**
 * `text` if it is strict base64url, the one spelling of its bytes: the alphabet only, no padding,
 * a length that is not 1 mod 4, and the bits of the last character past its last whole byte zero
 * (else two texts read as one). Internal.
 */
export function canonical(text: string): string {
  // (length * 6) % 8 is how many low bits of the last character fall past the last whole byte: 0, 4 or 2.
  if (/^[\w-]*$/.test(text) && text.length % 4 !== 1 && !(ALPHABET.indexOf(text.slice(-1)) & ((1 << ((text.length * 6) % 8)) - 1))) return text;
  throw fail('ERR_JWT_MALFORMED', 'base64url text', 'be canonical base64url (A-Z a-z 0-9 - _, no padding)');
}

/**
 * The text that base64url `text` encodes as strict UTF-8 (no byte-order mark). It decodes and does
 * not check: `text` must have passed `canonical` first. Internal.
 */
export function decodeUtf8(text: string, what: string): string {
  if (NativeBuffer) return utf8Decode(NativeBuffer.from(text, 'base64url'), what);
  const binary = atob(standard(text));
  // ASCII bytes are their own UTF-8 text: no byte array to allocate, as in encode.
  return ASCII.test(binary) ? binary : utf8Decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)), what);
}

/** base64url re-spelled in the standard alphabet, for atob (which takes it unpadded). */
function standard(text: string): string {
  return text.replaceAll('-', '+').replaceAll('_', '/');
}

/**
 * Encode bytes as unpadded base64url (RFC 7515 §2). A string is UTF-8 encoded first.
 *
 * @param input - bytes, or a well-formed string to take as UTF-8
 * @returns the base64url text, without `=` padding
 * @throws {@link JwtError} `ERR_OPTION_INVALID` for anything but a `Uint8Array` or a string
 *   without lone surrogates
 * @example
 * ```ts
 * base64urlEncode('{"alg":"HS256"}'); // 'eyJhbGciOiJIUzI1NiJ9'
 * ```
 */
export function base64urlEncode(input: Uint8Array | string): string {
  return guard(() => {
    if (typeof input === 'string' ? !input.isWellFormed() : !(input instanceof Uint8Array)) {
      const got = typeof input === 'string' ? 'a lone surrogate' : describe(input);
      throw fail('ERR_OPTION_INVALID', 'base64urlEncode input', 'be a Uint8Array or a well-formed string', { got });
    }
    return encode(input);
  });
}

/**
 * Decode strict base64url: alphabet `A-Z a-z 0-9 - _` only, no padding, no white space, and
 * the unused low bits of the last character zero, so every byte string has one spelling.
 *
 * @param input - unpadded base64url text
 * @returns the decoded bytes, in an array of their own
 * @throws {@link JwtError} `ERR_JWT_MALFORMED` for anything that is not canonical base64url
 * @example
 * ```ts
 * base64urlDecode('Zm9v'); // Uint8Array [102, 111, 111]
 * base64urlDecode('Zm9=');  // throws JwtError ERR_JWT_MALFORMED
 * ```
 */
export function base64urlDecode(input: string): Uint8Array {
  if (typeof input !== 'string') throw fail('ERR_JWT_MALFORMED', 'base64url input', 'be a string', { got: typeof input });
  // A copy of node:buffer's result, which may be a slice of a pool that other calls share.
  return NativeBuffer ? new Uint8Array(NativeBuffer.from(canonical(input), 'base64url')) : Uint8Array.from(atob(standard(canonical(input))), (char) => char.charCodeAt(0));
}
