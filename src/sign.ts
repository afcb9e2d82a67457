import { encode, utf8Encode } from './base64url.js';
import { claimsFor, NO_OPTIONS, readClaimOptions, wellFormed, type ClaimOptions, type MessagingClaims, type MessagingUser } from './claims.js';
import { argument, describe, fail, guard, own, type JwtError } from './errors.js';
import { createHmacKey, type HmacKey } from './hmac.js';

/** A signing key from Zendesk Admin Center: its key id and its shared secret. */
export interface SigningKey {
  /** The key id, e.g. `app_5963ceb97cde542d000dbdb1`. */
  kid: string;
  /** The shared secret: a string (its UTF-8 bytes are the key, as in Zendesk's samples) or raw bytes. */
  secret: string | Uint8Array;
}

/** A signer holding one prepared key: the encoded header and the HMAC key are made once. */
export interface Signer {
  /** The key id every token from this signer carries in its header. */
  readonly kid: string;
  /** Sign a token for `user`; works on every runtime. */
  sign(user: MessagingUser, options?: ClaimOptions): Promise<string>;
  /** Sign synchronously; throws `ERR_RUNTIME_UNSUPPORTED` where the runtime has no `node:crypto`. */
  signSync(user: MessagingUser, options?: ClaimOptions): string;
}

/** A key checked once and ready to use: the header segment every token it signs starts with, and its HMAC key. Internal. */
export type PreparedKey = { readonly kid: string; readonly headerSegment: string; readonly hmac: HmacKey };

const ADMIN = 'use the shared secret from Admin Center';
/** What a kid may hold: visible ASCII, U+0021 to U+007E. Internal. */
export const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * Keys prepared before, by kid, for string secrets only: the one-shot calls (`signJwtSync(user,
 * { kid, secret })` with a fresh literal each time) then skip the key import and the header
 * encoding. A hit needs the same secret string; bytes are never kept here, so a caller's array
 * is never copied into module state. When full, the oldest kid goes.
 */
const keyCache = new Map<string, { readonly secret: string; readonly prepared: PreparedKey }>();

/** Check a key by the signing-side rules and prepare it (or take it from the cache). Internal. */
export function prepareKey(key: SigningKey): PreparedKey {
  const given = argument(key, 'key', 'ERR_KEY_INVALID');
  const [kid, secret] = [own(given, 'kid'), own(given, 'secret')];
  const cached = keyCache.get(kid as string);
  if (cached && cached.secret === secret) return cached.prepared;
  if (typeof kid !== 'string' || !VISIBLE_ASCII.test(kid)) {
    throw fail('ERR_KEY_INVALID', 'kid', 'be visible ASCII, 1 or more', { got: typeof kid === 'string' ? 'other characters' : describe(kid) });
  }
  // Bytes are copied: what the caller does to its array later cannot change the key.
  const bytes = typeof secret === 'string' ? utf8Encode(checkText(secret)) : secret instanceof Uint8Array ? new Uint8Array(secret) : undefined;
  if (!bytes) throw fail('ERR_KEY_INVALID', 'secret', 'be a string or a Uint8Array', { got: describe(secret) });
  // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
  if (bytes.length < 32) throw fail('ERR_KEY_INVALID', 'secret', 'be at least 32 bytes', { got: `${bytes.length} bytes`, fix: ADMIN });
  const prepared = { kid, headerSegment: encode(`{"alg":"HS256","typ":"JWT","kid":${JSON.stringify(kid)}}`), hmac: createHmacKey(bytes) };
  if (typeof secret !== 'string') return prepared;
  if (keyCache.size >= 16) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(kid, { secret, prepared });
  return prepared;
}

/** A string secret's own rules, before its UTF-8 bytes are taken as the key. */
function checkText(secret: string): string {
  // A trailing newline from an env file is the usual way a right secret gives wrong signatures.
  if (secret !== secret.trim()) throw fail('ERR_KEY_INVALID', 'secret', 'be trimmed', { got: 'white space at an end' });
  // The root of the RS256-to-HS256 confusion: a public key's text taken as an HMAC secret.
  if (secret.includes('-----BEGIN')) throw fail('ERR_KEY_INVALID', 'secret', 'not be a PEM key', { fix: ADMIN });
  return wellFormed(secret, 'secret', undefined, 'ERR_KEY_INVALID');
}

/**
 * The payload as JSON, field by field in the order of `MessagingClaims`: the bytes of
 * `JSON.stringify(claims)` at half its cost. Own fields only: the claims object inherits from
 * Object.prototype, which may be polluted. Internal.
 */
export function encodeClaims(claims: MessagingClaims): string {
  const [name, email, exp] = [own(claims, 'name'), own(claims, 'email'), own(claims, 'exp')];
  let json = `{"scope":"user","external_id":${JSON.stringify(claims.external_id)}`;
  if (name !== undefined) json += `,"name":${JSON.stringify(name)}`;
  if (email !== undefined) json += `,"email":${JSON.stringify(email)},"email_verified":true`;
  return `${json}${exp === undefined ? '' : `,"exp":${exp as number}`}}`;
}

/** The token: our header segment, the payload's, and the MAC over both. */
function tokenSync(claims: MessagingClaims, key: PreparedKey): string {
  const input = `${key.headerSegment}.${encode(encodeClaims(claims))}`;
  return `${input}.${key.hmac.signSync(input)}`;
}

async function token(claims: MessagingClaims, key: PreparedKey): Promise<string> {
  const input = `${key.headerSegment}.${encode(encodeClaims(claims))}`;
  return `${input}.${await key.hmac.sign(input)}`;
}

/**
 * Create a signer for one key; the key is checked and prepared once.
 *
 * @param key - `{ kid, secret }` from Admin Center
 * @param defaults - claim options applied to every call; a call's own options override them field by field
 * @returns a signer with `sign` (every runtime) and `signSync` (where `node:crypto` exists)
 * @throws {@link JwtError} `ERR_KEY_INVALID` at once for a bad key; `ERR_CLAIM_INVALID` or
 *   `ERR_OPTION_INVALID` for bad defaults
 * @example
 * ```ts
 * const kid = process.env.ZENDESK_KEY_ID, secret = process.env.ZENDESK_SECRET;
 * if (!kid || !secret) throw new Error('Set ZENDESK_KEY_ID and ZENDESK_SECRET');
 * const signer = createSigner({ kid, secret }); // a bad key throws ERR_KEY_INVALID here, at start-up
 * const token = await signer.sign({ externalId: String(user.id), name: user.name });
 * ```
 */
export function createSigner(key: SigningKey, defaults?: ClaimOptions): Signer {
  return guard(() => {
    const prepared = prepareKey(key);
    // Read once: a call's options are laid over this copy field by field.
    const base = readClaimOptions(defaults, NO_OPTIONS);
    // Fail at start-up, not on the first login: the defaults must build valid claims on their own.
    claimsFor({ externalId: 'defaults-check' }, undefined, base);
    return {
      kid: prepared.kid,
      // `return await` (here and in signJwt): a claim error must reject this call's own promise, and
      // handing back an inner rejected promise is reported as unhandled by workerd.
      sign: async (user, options) => await token(guard(() => claimsFor(user, options, base)), prepared),
      signSync: (user, options) => tokenSync(guard(() => claimsFor(user, options, base)), prepared),
    };
  });
}

/**
 * Sign a Zendesk Messaging token for `user` with `key`. Works on every runtime.
 *
 * @param user - the signed-in user; `externalId` is required
 * @param key - `{ kid, secret }` from Admin Center
 * @param options - expiry (`expiresIn`, default 600 seconds; `expiresAt`) and `now`
 * @returns the compact JWT
 * @throws {@link JwtError} (as a rejection) `ERR_CLAIM_INVALID`, `ERR_KEY_INVALID`, `ERR_OPTION_INVALID`
 * @example
 * ```ts
 * const jwt = await signJwt({ externalId: 'user-42', name: 'Jane Soap' }, { kid, secret });
 * ```
 */
export async function signJwt(user: MessagingUser, key: SigningKey, options?: ClaimOptions): Promise<string> {
  // The user first: with the arguments swapped, its check sees the key and says so.
  const [claims, prepared] = guard(() => [claimsFor(user, options, NO_OPTIONS), prepareKey(key)] as const);
  return await token(claims, prepared);
}

/**
 * Sign synchronously. Needs `node:crypto` (Node, Bun, Deno, workerd with nodejs_compat).
 *
 * @param user - the signed-in user; `externalId` is required
 * @param key - `{ kid, secret }` from Admin Center
 * @param options - expiry (`expiresIn`, default 600 seconds; `expiresAt`) and `now`
 * @returns the compact JWT
 * @throws {@link JwtError} `ERR_CLAIM_INVALID`, `ERR_KEY_INVALID`, `ERR_OPTION_INVALID`, and
 *   `ERR_RUNTIME_UNSUPPORTED` where the runtime has no `node:crypto`
 * @example
 * ```ts
 * const jwt = signJwtSync({ externalId: 'user-42' }, { kid, secret }, { expiresIn: 300 });
 * ```
 */
export function signJwtSync(user: MessagingUser, key: SigningKey, options?: ClaimOptions): string {
  // Arguments run left to right: the user is read first, as in signJwt.
  return guard(() => tokenSync(claimsFor(user, options, NO_OPTIONS), prepareKey(key)));
}
