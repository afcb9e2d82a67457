import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../src/base64url.js';
import type { HmacKey } from '../../src/hmac.js';
import { bytesHex, hexBytes, rfc4231, rfc7515, wycheproof, wycheproofTests } from './vectors.js';
import { verify, verifySync, isSync } from './mac.js';

export type CreateHmacKey = (secret: Uint8Array) => HmacKey;

/**
 * RFC 4231, RFC 7515 A.1 and every Wycheproof HMAC-SHA256 test through the library's own HMAC
 * edge. `getCreate` is read when the tests run, so a suite can hand over a module it imports in
 * beforeAll (the WebCrypto path). `sync` says which path is expected: with it the *Sync calls
 * are checked too and must agree with the async ones.
 */
export function hmacVectorSuite(getCreate: () => CreateHmacKey, sync: boolean): void {
  const create = (hex: string): HmacKey => {
    const key = getCreate()(hexBytes(hex));
    expect(isSync(key)).toBe(sync);
    return key;
  };

  describe('RFC 4231 HMAC-SHA256 test cases', () => {
    it('holds the seven cases of section 4', () => {
      expect(rfc4231.map((c) => c.case)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it.for(rfc4231)('case $case', async (vector) => {
      const key = create(vector.keyHex);
      const data = hexBytes(vector.dataHex);
      const expectedBytes = vector.expectedHex.length / 2;
      const full = await key.sign(data);
      const fullBytes = base64urlDecode(full);
      expect(fullBytes).toHaveLength(32);
      // Case 5 publishes only the first 128 bits; the others the whole tag.
      expect(bytesHex(fullBytes.subarray(0, expectedBytes))).toBe(vector.expectedHex);
      if (vector.dataText !== undefined) expect(await key.sign(vector.dataText)).toBe(full);
      const published = base64urlEncode(hexBytes(vector.expectedHex));
      const publishedIsFull = vector.truncatedToBits === undefined;
      expect(await verify(key, data, full)).toBe(true);
      expect(await verify(key, data, published)).toBe(publishedIsFull);
      if (sync) {
        expect(key.signSync(data)).toBe(full);
        expect(verifySync(key, data, full)).toBe(true);
        expect(verifySync(key, data, published)).toBe(publishedIsFull);
      }
    });
  });

  describe('RFC 7515 A.1 HS256 signature', () => {
    it('signs the signing input to the published signature', async () => {
      const key = create(rfc7515.keyHex);
      expect(await key.sign(rfc7515.signingInput)).toBe(rfc7515.signatureB64u);
      expect(await verify(key, rfc7515.signingInput, rfc7515.signatureB64u)).toBe(true);
      expect(`${rfc7515.signingInput}.${await key.sign(rfc7515.signingInput)}`).toBe(rfc7515.compact);
      if (sync) {
        expect(key.signSync(rfc7515.signingInput)).toBe(rfc7515.signatureB64u);
        expect(verifySync(key, rfc7515.signingInput, rfc7515.signatureB64u)).toBe(true);
      }
    });

    it('refuses the signature over any other input and any other signature', async () => {
      const key = create(rfc7515.keyHex);
      const signature = rfc7515.signatureB64u;
      const changedInput = `${rfc7515.signingInput.slice(0, -1)}${rfc7515.signingInput.endsWith('Q') ? 'R' : 'Q'}`;
      const changedSignature = `${signature.slice(0, -1)}${signature.endsWith('k') ? 'g' : 'k'}`;
      expect(await verify(key, changedInput, signature)).toBe(false);
      expect(await verify(key, rfc7515.signingInput, changedSignature)).toBe(false);
      expect(await verify(key, rfc7515.signingInput, `${signature}=`)).toBe(false);
      expect(await verify(key, rfc7515.signingInput, '')).toBe(false);
      if (sync) {
        expect(verifySync(key, changedInput, signature)).toBe(false);
        expect(verifySync(key, rfc7515.signingInput, changedSignature)).toBe(false);
      }
    });
  });

  describe('Wycheproof hmac_sha256_test.json', () => {
    it('holds all 174 tests, none of them "acceptable"', () => {
      expect(wycheproof.algorithm).toBe('HMACSHA256');
      expect(wycheproofTests).toHaveLength(wycheproof.numberOfTests);
      expect(wycheproofTests).toHaveLength(174);
      expect(wycheproofTests.filter((t) => t.result === 'valid')).toHaveLength(66);
      expect(wycheproofTests.filter((t) => t.result === 'invalid')).toHaveLength(108);
    });

    it.for(wycheproofTests)('tcId $tcId: $result, $tagSize-bit tag, $keySize-bit key ($comment)', async (test) => {
      const key = create(test.key);
      const msg = hexBytes(test.msg);
      const tag = base64urlEncode(hexBytes(test.tag));
      const valid = test.result === 'valid';
      const full = await key.sign(msg);
      // The library emits only full 32-byte tags; the vector's tag is their first tagSize/8 bytes.
      expect(bytesHex(base64urlDecode(full).subarray(0, test.tagSize / 8)) === test.tag).toBe(valid);
      // A truncated tag is "not equal" for an implementation that only ever emits full tags.
      const accepted = valid && test.tagSize === 256;
      expect(await verify(key, msg, tag)).toBe(accepted);
      if (sync) {
        expect(key.signSync(msg)).toBe(full);
        expect(verifySync(key, msg, tag)).toBe(accepted);
      }
    });
  });
}
