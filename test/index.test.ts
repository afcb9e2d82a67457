import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('public surface', () => {
  it('exports exactly the DESIGN.md functions and class', () => {
    const names = Object.keys(api).sort();
    expect(names).toEqual(
      [
        'JWT_ERROR_CODES',
        'JwtError',
        'base64urlDecode',
        'base64urlEncode',
        'buildClaims',
        'createSigner',
        'createVerifier',
        'createTokenHandler',
        'toNodeListener',
        'decodeJwt',
        'signJwt',
        'signJwtSync',
        'verifyJwt',
        'verifyJwtSync',
      ].sort(),
    );
    for (const name of names.filter((name) => name !== 'JWT_ERROR_CODES')) expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });

  it('JWT_ERROR_CODES lists every code of DESIGN.md once', () => {
    expect([...api.JWT_ERROR_CODES].sort()).toEqual(
      [
        'ERR_CLAIM_INVALID',
        'ERR_KEY_INVALID',
        'ERR_JWT_MALFORMED',
        'ERR_JWT_UNSUPPORTED',
        'ERR_KID_UNKNOWN',
        'ERR_SIGNATURE_INVALID',
        'ERR_JWT_EXPIRED',
        'ERR_JWT_NOT_YET_VALID',
        'ERR_RUNTIME_UNSUPPORTED',
        'ERR_OPTION_INVALID',
      ].sort(),
    );
  });
});
