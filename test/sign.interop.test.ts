import fc from 'fast-check';
import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { buildClaims, type ClaimOptions, type MessagingUser } from '../src/claims.js';
import { signJwt, signJwtSync, type SigningKey } from '../src/sign.js';
import { claimOptions, expectedFault, signingKey, user as anyUser } from './helpers/arbitraries.js';

const NOW = 1_700_000_000;
const KEY: SigningKey = { kid: 'app_5963ceb97cde542d000dbdb1', secret: 'a-zendesk-shared-secret-of-32-bytes!' };

const secretBytes = (key: SigningKey): Uint8Array =>
  typeof key.secret === 'string' ? new TextEncoder().encode(key.secret) : key.secret;

async function verifyInBoth(token: string, key: SigningKey, now: number): Promise<{ header: unknown; payload: unknown }> {
  const decoded = jsonwebtoken.verify(token, Buffer.from(secretBytes(key)), {
    algorithms: ['HS256'],
    complete: true,
    clockTimestamp: now,
  });
  const fromJose = await jwtVerify(token, secretBytes(key), { algorithms: ['HS256'], currentDate: new Date(now * 1000) });
  expect(fromJose.protectedHeader).toEqual(decoded.header);
  expect(fromJose.payload).toEqual(decoded.payload);
  return { header: decoded.header, payload: decoded.payload };
}

describe('tokens verify in jsonwebtoken and jose', () => {
  it('with the right header (kid) and claims', async () => {
    const user: MessagingUser = { externalId: 'user-42', name: 'Zoë 🍕', email: 'zoe@example.com', emailVerified: true };
    const token = await signJwt(user, KEY, { now: NOW, expiresIn: 300 });
    const { header, payload } = await verifyInBoth(token, KEY, NOW);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: KEY.kid });
    expect(payload).toEqual({
      scope: 'user',
      external_id: 'user-42',
      name: 'Zoë 🍕',
      email: 'zoe@example.com',
      email_verified: true,
      exp: NOW + 300,
    });
    expect(decodeProtectedHeader(token).kid).toBe(KEY.kid);
  });

  it('with the string secret taken as its UTF-8 bytes, as jsonwebtoken takes a string', () => {
    const key: SigningKey = { kid: 'k', secret: 'ключ-секрет-ключ-секрет' };
    const token = signJwtSync({ externalId: 'u' }, key, { now: NOW });
    expect(jsonwebtoken.verify(token, key.secret as string, { algorithms: ['HS256'], clockTimestamp: NOW })).toMatchObject({
      external_id: 'u',
    });
  });

  it('and both libraries refuse them once expired or with the wrong secret', async () => {
    const token = signJwtSync({ externalId: 'u' }, KEY, { now: NOW, expiresIn: 60 });
    expect(() => jsonwebtoken.verify(token, KEY.secret as string, { algorithms: ['HS256'], clockTimestamp: NOW + 60 })).toThrow(
      /expired/,
    );
    await expect(jwtVerify(token, secretBytes(KEY), { currentDate: new Date((NOW + 60) * 1000) })).rejects.toThrow(/exp/);
    expect(() => jsonwebtoken.verify(token, `${KEY.secret as string}x`, { algorithms: ['HS256'], clockTimestamp: NOW })).toThrow(
      /signature/,
    );
  });

  it('for arbitrary users and keys, byte-identical to what jsonwebtoken and jose sign from the same claims', async () => {
    await fc.assert(
      fc.asyncProperty(anyUser, signingKey, claimOptions, async (user, key, options: ClaimOptions) => {
        fc.pre(expectedFault(user) === undefined);
        const now = options.now ?? NOW;
        // jsonwebtoken reads clockTimestamp 0 as "not given" and falls back to the real clock.
        fc.pre(now !== 0);
        const token = signJwtSync(user, key, options);
        const claims = buildClaims(user, options);
        const { header, payload } = await verifyInBoth(token, key, now);
        expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: key.kid });
        expect(payload).toEqual(claims);
        expect(
          jsonwebtoken.sign({ ...claims }, Buffer.from(secretBytes(key)), { algorithm: 'HS256', keyid: key.kid, noTimestamp: true }),
        ).toBe(token);
        expect(await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).sign(secretBytes(key))).toBe(
          token,
        );
      }),
      { numRuns: 150 },
    );
  });
});
