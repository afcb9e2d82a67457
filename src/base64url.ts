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

// Native where the runtime has it; elsewhere (browsers, workerd without nodejs_compat) HMAC runs on
// WebCrypto at tens of microseconds a call, and the plain loops below cost little next to it.
const NativeBuffer = /* @__PURE__ */ builtin<{ Buffer: NodeBuffer }>('node:buffer')?.Buffer;
/** RFC 4648 §5, in value order. Internal. */
export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
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
  const bytes = typeof input === 'string' ? utf8Encode(input) : input;
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    text += ALPHABET.charAt(n >>> 18) + ALPHABET.charAt((n >>> 12) & 63) + ALPHABET.charAt((n >>> 6) & 63) + ALPHABET.charAt(n & 63);
  }
  // A short last group of 1 or 2 bytes takes 2 or 3 characters.
  return text.slice(0, Math.ceil((bytes.length * 4) / 3));
}

/**
 * Strict base64url: only the one spelling of its bytes. Padding, white space, other characters,
 * a length of 1 mod 4 or non-zero unused bits all decode to bytes that re-encode to other text.
 * The result may share memory with other calls (node:buffer's pool): read it, never hand it out. Internal.
 */
export function decode(text: string): Uint8Array {
  if (NativeBuffer) {
    const buffer = NativeBuffer.from(text, 'base64url');
    // A Buffer re-encodes itself without a copy.
    if (buffer.toString('base64url') === text) return buffer;
  } else if (/^[\w-]*$/.test(text) && text.length % 4 !== 1) {
    const bytes = new Uint8Array((text.length * 3) >>> 2);
    let n = 0;
    let bits = 0;
    for (let i = 0, o = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      n = (n << 6) | (c === 95 ? 63 : c > 96 ? c - 71 : c > 64 ? c - 65 : c > 47 ? c + 4 : 62);
      bits += 6;
      if (bits >= 8) bytes[o++] = n >>> (bits -= 8);
    }
    // The bits of the last character past its last whole byte must be zero, or two texts read as one.
    if ((n & ((1 << bits) - 1)) === 0) return bytes;
  }
  throw fail('ERR_JWT_MALFORMED', 'base64url text', 'be canonical base64url (A-Z a-z 0-9 - _, no padding)');
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
  return new Uint8Array(decode(input));
}
