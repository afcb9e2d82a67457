/**
 * Hand-made tokens for the verify tests. Built with Buffer and node:crypto, never with the
 * library's own encoder, so that a bug in src cannot make a forged token look right: each helper
 * breaks exactly one rule and signs the result correctly, so only the rule under test can fail.
 */
import { createHmac } from 'node:crypto';

export const KID = 'app_5963ceb97cde542d000dbdb1';
export const SECRET = 'Zk3w9Qx2Lr8Vt5Nm1Hp7Bd4Jc6Fs0Ga9Ye2Ku8Wo3';
export const OLD_KID = 'app_old_59f0b1c2d3e4f5a6b7c8d9e0';
export const OLD_SECRET = 'Old-secret-kept-for-rotation-0123456789ABCDEF';
export const KEY = { kid: KID, secret: SECRET } as const;
export const OLD_KEY = { kid: OLD_KID, secret: OLD_SECRET } as const;
/** Epoch seconds used as "now" everywhere: 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;

export const HEADER_TEXT = `{"alg":"HS256","typ":"JWT","kid":"${KID}"}`;
export const PAYLOAD_TEXT = '{"scope":"user","external_id":"12345678"}';

export function b64(input: string | Uint8Array): string {
  return Buffer.from(input).toString('base64url');
}

export function hmac(input: string, secret: string | Uint8Array = SECRET, hash = 'sha256'): string {
  return createHmac(hash, secret).update(input).digest('base64url');
}

export interface Forge {
  /** Header: JSON text as written, or a value to JSON.stringify, or raw bytes. */
  header?: string | object | Uint8Array;
  payload?: string | object | Uint8Array;
  /** Pre-encoded segments, used as given (for encoding-level attacks). */
  headerSegment?: string;
  payloadSegment?: string;
  secret?: string | Uint8Array;
  hash?: string;
  /** Replace the signature segment (computed over the segments as given otherwise). */
  signature?: string | ((valid: string) => string);
}

function segment(value: string | object | Uint8Array): string {
  if (typeof value === 'string' || value instanceof Uint8Array) return b64(value);
  return b64(JSON.stringify(value));
}

export function forge(spec: Forge = {}): string {
  const h = spec.headerSegment ?? segment(spec.header ?? HEADER_TEXT);
  const p = spec.payloadSegment ?? segment(spec.payload ?? PAYLOAD_TEXT);
  const input = `${h}.${p}`;
  const valid = hmac(input, spec.secret ?? SECRET, spec.hash ?? 'sha256');
  const signature = typeof spec.signature === 'function' ? spec.signature(valid) : (spec.signature ?? valid);
  return `${input}.${signature}`;
}

/** Header JSON text with our alg/typ/kid and `extra` members appended as written. */
export function headerWith(extra: string): string {
  return `{"alg":"HS256","typ":"JWT","kid":"${KID}",${extra}}`;
}

/** Payload JSON text with the two required claims and `extra` appended as written. */
export function payloadWith(extra: string): string {
  return `{"scope":"user","external_id":"12345678",${extra}}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The same bytes spelled with non-zero unused low bits in the last character (lenient decoders,
 * `atob` among them, read both spellings as one). Needs a segment whose length mod 4 is 2 or 3.
 */
export function nonCanonical(segmentText: string): string {
  const rest = segmentText.length % 4;
  if (rest !== 2 && rest !== 3) throw new Error(`segment length ${segmentText.length} has no unused bits`);
  const last = segmentText.charAt(segmentText.length - 1);
  const value = ALPHABET.indexOf(last);
  return segmentText.slice(0, -1) + (ALPHABET[value | 1] ?? '');
}

/** JSON text padded with spaces before its closing brace until its base64url length mod 4 is `rest`. */
export function padToRest(json: string, rest: 2 | 3): string {
  let text = json;
  while (b64(text).length % 4 !== rest) text = `${text.slice(0, -1)} }`;
  return text;
}

/** A token of exactly `length` characters: the name claim and JSON white space take up the slack. */
export function tokenOfLength(length: number): string {
  for (let headerPad = 0; headerPad < 3; headerPad++) {
    const header = `${HEADER_TEXT.slice(0, -1)}${' '.repeat(headerPad)}}`;
    // base64url grows by 4 characters per 3 bytes: start just below the target and walk up.
    const start = Math.max(0, Math.floor(((length - 200) * 3) / 4) - 60);
    for (let nameLength = start; nameLength < start + 200; nameLength++) {
      const token = forge({ header, payload: `{"scope":"user","external_id":"12345678","name":"${'n'.repeat(nameLength)}"}` });
      if (token.length === length) return token;
      if (token.length > length) break;
    }
  }
  throw new Error(`no token of length ${length}`);
}
