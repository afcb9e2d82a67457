// What is timed: the floors (the plainest correct hand-written code), the library, and the
// peers in their fastest correct use (key prepared once) and their typical use. Every case is
// checked for correctness before anything is timed (see check()).
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
// run.mjs hands every round a private copy of ../dist/index.js, so that a rebuild by someone else
// in the same checkout cannot swap the library between rounds.
const build = await import(process.env.BENCH_LIB ?? '../dist/index.js');

export const KID = 'app_5963ceb97cde542d000dbdb1';
export const SECRET = 'zendesk-messaging-shared-secret-0123456789abcdef';
export const SECRET_BYTES = new TextEncoder().encode(SECRET);
export const USER = { externalId: 'user-4242', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true };

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The payload every case signs, built from the user on every call, as a login handler would. */
export function payloadOf(user, now = nowSeconds()) {
  return { scope: 'user', external_id: user.externalId, name: user.name, email: user.email, email_verified: true, exp: now + 600 };
}

// ---- floors ---------------------------------------------------------------------------------
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: KID })).toString('base64url');

/** floor-A: createHmac over a pre-encoded header + base64url(JSON.stringify(payload)). */
export function floorSign(user, now) {
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payloadOf(user, now))).toString('base64url')}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

/** floor-V: split, createHmac, timingSafeEqual, JSON.parse the payload, check exp. */
export function floorVerify(token) {
  const [header, payload, signature] = token.split('.');
  if (signature === undefined) throw new Error('malformed');
  const expected = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new Error('bad signature');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!(claims.exp > nowSeconds())) throw new Error('expired');
  return claims;
}

/** The physical floor: one HMAC over a signing input of the same length, nothing else. */
export function makeHmacOnly(input) {
  return () => createHmac('sha256', SECRET).update(input).digest('base64url');
}

/** The WebCrypto floors: the same code with crypto.subtle and a CryptoKey imported once. */
export async function webCryptoFloors() {
  const key = await subtle.importKey('raw', SECRET_BYTES, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const sign = async (user, now) => {
    const input = `${HEADER}.${Buffer.from(JSON.stringify(payloadOf(user, now))).toString('base64url')}`;
    const mac = await subtle.sign('HMAC', key, encoder.encode(input));
    return `${input}.${Buffer.from(mac).toString('base64url')}`;
  };
  const verify = async (token) => {
    const [header, payload, signature] = token.split('.');
    if (signature === undefined) throw new Error('malformed');
    const ok = await subtle.verify('HMAC', key, Buffer.from(signature, 'base64url'), encoder.encode(`${header}.${payload}`));
    if (!ok) throw new Error('bad signature');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!(claims.exp > nowSeconds())) throw new Error('expired');
    return claims;
  };
  return { sign, verify };
}

// ---- the library ----------------------------------------------------------------------------
/** A build's key, signer and verifier: this round's build, or another one (the base of `npm run bench:ab`). */
export function library(verifyDefaults, lib = build) {
  const key = { kid: KID, secret: SECRET };
  const signer = lib.createSigner(key);
  const verifier = lib.createVerifier(key, verifyDefaults);
  return { lib, key, signer, verifier };
}

// ---- peers ----------------------------------------------------------------------------------
export async function peers() {
  const { default: jsonwebtoken } = await import('jsonwebtoken');
  const jose = await import('jose');
  const fastJwt = await import('fast-jwt');
  const { default: tsndr } = await import('@tsndr/cloudflare-worker-jwt');
  const hono = await import('hono/utils/jwt/jwt');

  const keyObject = createSecretKey(SECRET_BYTES);
  const cryptoKey = await subtle.importKey('raw', SECRET_BYTES, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const fastSigner = fastJwt.createSigner({ key: SECRET, algorithm: 'HS256', kid: KID, noTimestamp: true });
  const fastVerifier = fastJwt.createVerifier({ key: SECRET, algorithms: ['HS256'], cache: false });
  const joseSign = (user, key) => new jose.SignJWT(payloadOf(user)).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: KID }).sign(key);
  const jwtOptions = { algorithm: 'HS256', keyid: KID, noTimestamp: true };

  // Each entry: [label, sign(user) -> token, verify(token) -> claims, async?]
  return {
    sign: [
      ['jsonwebtoken 9 (string secret)', (u) => jsonwebtoken.sign(payloadOf(u), SECRET, jwtOptions), false],
      ['jsonwebtoken 9 (KeyObject)', (u) => jsonwebtoken.sign(payloadOf(u), keyObject, jwtOptions), false],
      ['fast-jwt 6 (createSigner)', (u) => fastSigner(payloadOf(u)), false],
      ['jose 6 (CryptoKey once)', (u) => joseSign(u, cryptoKey), true],
      ['jose 6 (Uint8Array secret)', (u) => joseSign(u, SECRET_BYTES), true],
      ['cf-worker-jwt (string secret)', (u) => tsndr.sign(payloadOf(u), SECRET, { algorithm: 'HS256', header: { kid: KID } }), true],
      ['cf-worker-jwt (CryptoKey once)', (u) => tsndr.sign(payloadOf(u), cryptoKey, { algorithm: 'HS256', header: { kid: KID } }), true],
      ['hono/utils/jwt (string secret)', (u) => hono.sign(payloadOf(u), SECRET, 'HS256'), true],
      ['hono/utils/jwt (CryptoKey once)', (u) => hono.sign(payloadOf(u), cryptoKey, 'HS256'), true],
    ],
    verify: [
      ['jsonwebtoken 9 (string secret)', (t) => jsonwebtoken.verify(t, SECRET, { algorithms: ['HS256'] }), false],
      ['jsonwebtoken 9 (KeyObject)', (t) => jsonwebtoken.verify(t, keyObject, { algorithms: ['HS256'] }), false],
      ['fast-jwt 6 (createVerifier, no cache)', (t) => fastVerifier(t), false],
      ['jose 6 (CryptoKey once)', (t) => jose.jwtVerify(t, cryptoKey, { algorithms: ['HS256'] }).then((r) => r.payload), true],
      ['jose 6 (Uint8Array secret)', (t) => jose.jwtVerify(t, SECRET_BYTES, { algorithms: ['HS256'] }).then((r) => r.payload), true],
      ['cf-worker-jwt (string secret)', (t) => tsndr.verify(t, SECRET, { algorithm: 'HS256', throwError: true }).then((r) => r.payload), true],
      ['cf-worker-jwt (CryptoKey once)', (t) => tsndr.verify(t, cryptoKey, { algorithm: 'HS256', throwError: true }).then((r) => r.payload), true],
      ['hono/utils/jwt (string secret)', (t) => hono.verify(t, SECRET, 'HS256'), true],
      ['hono/utils/jwt (CryptoKey once)', (t) => hono.verify(t, cryptoKey, 'HS256'), true],
    ],
  };
}

// ---- correctness before timing --------------------------------------------------------------
function same(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`bench check failed: ${what}\n  got      ${JSON.stringify(actual)}\n  expected ${JSON.stringify(expected)}`);
  }
}

/** The library's token is byte-identical to floor-A's; every peer's token verifies; every verifier reads the floor's token. */
export async function check({ libs, peerCases, floorToken, webCrypto }) {
  const now = nowSeconds();
  const expectedClaims = payloadOf(USER, now);
  if (!webCrypto) {
    same(libs.signer.signSync(USER, { now }), floorSign(USER, now), 'createSigner().signSync equals floor-A byte for byte');
    same(libs.lib.signJwtSync(USER, libs.key, { now }), floorSign(USER, now), 'signJwtSync equals floor-A byte for byte');
    same(libs.signer.signSync(USER, { now }), floorSign(USER, now), 'createSigner().signSync(user, { now }) equals floor-A byte for byte');
    same(libs.lib.signJwtSync(USER, { kid: KID, secret: SECRET }, { now, expiresIn: 600 }), floorSign(USER, now), 'signJwtSync with a fresh key literal equals floor-A byte for byte');
    same(libs.verifier.verifySync(floorToken).claims, floorVerify(floorToken), 'verifySync reads the floor token');
  }
  same(await libs.signer.sign(USER, { now }), floorSign(USER, now), 'createSigner().sign equals floor-A byte for byte');
  same(await libs.lib.signJwt(USER, libs.key, { now }), floorSign(USER, now), 'signJwt equals floor-A byte for byte');
  same((await libs.verifier.verify(floorToken)).claims, floorVerify(floorToken), 'verify reads the floor token');
  same((await libs.lib.verifyJwt(floorToken, libs.key)).claims, floorVerify(floorToken), 'verifyJwt reads the floor token');
  // A tampered token must be refused by every verifier timed here, or its speed means nothing.
  const tampered = `${floorToken.slice(0, -2)}${floorToken.endsWith('A') ? 'BA' : 'AA'}`;
  const refuses = async (f, what) => {
    let refused = false;
    try {
      await f(tampered);
    } catch {
      refused = true;
    }
    if (!refused) throw new Error(`bench check failed: ${what} accepted a tampered token`);
  };
  await refuses((t) => libs.verifier.verify(t), 'library verify');
  if (!peerCases) return;
  for (const [label, sign] of peerCases.sign) {
    const token = await sign(USER);
    const claims = floorVerify(token);
    same({ ...claims, exp: 0, iat: undefined }, { ...expectedClaims, exp: 0 }, `${label}: its token carries the payload`);
    // Peers that can put a kid in the header must produce a token this library accepts too.
    if (!label.startsWith('hono')) same((await libs.verifier.verify(token)).claims.external_id, USER.externalId, `${label}: verifies in the library`);
  }
  for (const [label, verify] of peerCases.verify) {
    same(await verify(floorToken), floorVerify(floorToken), `${label}: reads the floor token`);
    await refuses(verify, label);
  }
}
