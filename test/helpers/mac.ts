import { constantTimeEqual, type HmacKey } from '../../src/hmac.js';

// How verify.ts checks a MAC: the key's own MAC of the data, compared in constant time with the
// one given. The vector suites check both directions of an HmacKey through these.

export function verifySync(key: HmacKey, data: string | Uint8Array, mac: string): boolean {
  return constantTimeEqual(key.signSync(data), mac);
}

export async function verify(key: HmacKey, data: string | Uint8Array, mac: string): Promise<boolean> {
  return constantTimeEqual(await key.sign(data), mac);
}

/** Whether the key took the node:crypto path: there `signSync` answers, on WebCrypto it throws. */
export function isSync(key: HmacKey): boolean {
  try {
    key.signSync('probe');
    return true;
  } catch {
    return false;
  }
}
