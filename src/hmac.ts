import { builtin, encode, utf8Encode } from './base64url.js';
import { fail } from './errors.js';

/**
 * HMAC-SHA256 with one key, prepared once. It picks `node:crypto` when the runtime offers it
 * (synchronous and fast) and WebCrypto otherwise. MACs travel as base64url text so that verifying
 * compares the canonical spelling and never decodes it.
 */
export interface HmacKey {
  /** base64url HMAC of `data` (a string is taken as UTF-8). */
  signSync(data: string | Uint8Array): string;
  sign(data: string | Uint8Array): Promise<string>;
}

/** The slice of `node:crypto` used here, typed locally so that no Node types leak into the build. */
type NodeCrypto = { createSecretKey(key: Uint8Array): object; createHmac(algorithm: 'sha256', key: object): { update(data: string | Uint8Array): { digest(encoding: 'base64url'): string } } };

// Looked up once, as node:buffer is: HMAC runs there, synchronously and fast, wherever the runtime has it.
const nodeCrypto = /* @__PURE__ */ builtin<NodeCrypto>('node:crypto');

/** Prepare an HMAC-SHA256 key. Any bytes are accepted here; key rules live with the signer and verifier. */
export function createHmacKey(secret: Uint8Array): HmacKey {
  if (nodeCrypto) {
    const key = nodeCrypto.createSecretKey(secret);
    const signSync = (data: string | Uint8Array): string => nodeCrypto.createHmac('sha256', key).update(data).digest('base64url');
    return { signSync, sign: async (data) => signSync(data) };
  }
  // A private copy: the caller may reuse its array, and importKey wants an ArrayBuffer-backed view.
  const raw = new Uint8Array(secret);
  let imported: Promise<CryptoKey> | undefined;
  let key: CryptoKey | undefined;
  const sign = async (data: string | Uint8Array): Promise<string> => {
    let step = 'importKey';
    try {
      // Where there is no WebCrypto either, this throws at its first step, and says so.
      const { subtle } = crypto;
      // Imported once per key and only on first use, so creating a signer never leaves a rejection
      // unhandled; then held as a CryptoKey, so a call waits for its signature and nothing else.
      key ??= await (imported ??= subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
      step = 'sign';
      return encode(new Uint8Array(await subtle.sign('HMAC', key, (typeof data === 'string' ? utf8Encode(data) : new Uint8Array(data)) as Uint8Array<ArrayBuffer>)));
    } catch (cause) {
      // Prepared keys are cached and shared: a failed import must be retried, not remembered.
      imported = undefined;
      throw fail('ERR_RUNTIME_UNSUPPORTED', `crypto.subtle.${step}`, 'succeed', { got: 'an error (the cause)', cause });
    }
  };
  const signSync = (): never => {
    throw fail('ERR_RUNTIME_UNSUPPORTED', '*Sync calls', 'have node:crypto', { fix: 'use the async call' });
  };
  return { signSync, sign };
}

/**
 * Compare two base64url MACs without an early exit, so the time taken does not tell how many
 * leading characters an attacker got right. Their length is public (43 for SHA-256). Internal.
 */
export function constantTimeEqual(expected: string, actual: string): boolean {
  let difference = expected.length ^ actual.length;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ actual.charCodeAt(i);
  return difference === 0;
}
