// The Worker that bench-workerd.mjs times: the built library's WebCrypto path against the floors of
// `npm run bench` as a Worker without nodejs_compat runs them. It has no Buffer, so the floors take
// base64url from workerd's native Uint8Array methods (toBase64, fromBase64), as Buffer is native on
// Node. A request runs one case `n` times, one call at a time or `w` in flight, and answers when
// done: workerd stops its clocks while a request computes, so the time is taken outside.
import * as lib from '../../dist/index.js';

const KID = 'app_5963ceb97cde542d000dbdb1';
const SECRET = 'zendesk-messaging-shared-secret-0123456789abcdef';
// The bench's user (bench/cases.mjs): every field, so every rule runs.
const USER = { externalId: 'user-4242', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true };

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const base64url = (bytes) => bytes.toBase64({ alphabet: 'base64url', omitPadding: true });
const bytesOf = (text) => Uint8Array.fromBase64(text, { alphabet: 'base64url' });
const HEADER = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: KID })));
const payloadOf = (user, now) => ({ scope: 'user', external_id: user.externalId, name: user.name, email: user.email, email_verified: true, exp: now + 600 });

/** The floors: bench/cases.mjs's WebCrypto floors, with Uint8Array's base64 methods where those use Buffer. */
function floors(key) {
  const sign = async (user, now) => {
    const input = `${HEADER}.${base64url(encoder.encode(JSON.stringify(payloadOf(user, now))))}`;
    return `${input}.${base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(input))))}`;
  };
  const verify = async (token) => {
    const [header, payload, signature] = token.split('.');
    if (signature === undefined) throw new Error('malformed');
    if (!(await crypto.subtle.verify('HMAC', key, bytesOf(signature), encoder.encode(`${header}.${payload}`)))) throw new Error('bad signature');
    const claims = JSON.parse(decoder.decode(bytesOf(payload)));
    if (!(claims.exp > Math.floor(Date.now() / 1000))) throw new Error('expired');
    return claims;
  };
  return { sign, verify };
}

let cases;
async function prepare() {
  const key = await crypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const floor = floors(key);
  const signer = lib.createSigner({ kid: KID, secret: SECRET });
  const verifier = lib.createVerifier({ kid: KID, secret: SECRET });
  const now = Math.floor(Date.now() / 1000);
  const token = await floor.sign(USER, now);
  // Timed only if they agree: the same token byte for byte, the same claims read back, and no sync path.
  const same = (await signer.sign(USER, { now })) === token && JSON.stringify((await verifier.verify(token)).claims) === JSON.stringify(await floor.verify(token));
  const webCryptoOnly = (() => {
    try {
      signer.signSync(USER);
      return false;
    } catch (error) {
      return lib.JwtError.is(error) && error.code === 'ERR_RUNTIME_UNSUPPORTED';
    }
  })();
  if (!same || !webCryptoOnly) throw new Error(`the library and the floor disagree (same token: ${same}), or this is not the WebCrypto path`);
  return {
    'floor sign': () => floor.sign(USER, now),
    'createSigner().sign(user, { now })': () => signer.sign(USER, { now }),
    'floor verify': () => floor.verify(token),
    'createVerifier().verify': () => verifier.verify(token),
  };
}

export default {
  async fetch(request) {
    cases ??= await prepare();
    const query = new URL(request.url).searchParams;
    const run = cases[query.get('case') ?? ''];
    const [n, inFlight] = [Number(query.get('n')), Number(query.get('w'))];
    if (!run) return new Response(`no case ${query.get('case')}`, { status: 404 });
    for (let done = 0; done < n; done += inFlight) await (inFlight === 1 ? run() : Promise.all(Array.from({ length: inFlight }, run)));
    return new Response('done');
  },
};
