import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('public surface', () => {
  it('exports exactly the DESIGN.md functions and class', () => {
    const names = Object.keys(api).sort();
    expect(names).toEqual(
      [
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
    for (const name of names) expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });
});
