import { base64urlEncode, utf8Encode } from './base64url.js';
import { buildClaims, checkWellFormed, type ClaimOptions, type MessagingClaims, type MessagingUser } from './claims.js';
import { describe, must, readObject, type JwtError } from './errors.js';
import { createHmacKey, type HmacKey } from './hmac.js';
import { mergeOptions } from './options.js';

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

/** A key checked once and ready to use. Internal. */
export interface PreparedKey {
  readonly kid: string;
  /** `{"alg":"HS256","typ":"JWT","kid":…}` as base64url: the first segment of every token signed with it. */
  readonly headerSegment: string;
  readonly hmac: HmacKey;
}

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
const MIN_SECRET_BYTES = 32;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const CLAIM_OPTION_KEYS = ['expiresIn', 'expiresAt', 'now'] as const;

/**
 * Keys prepared before, so that the one-shot calls (`signJwt(user, key)`, `verifyJwt(token, key)`)
 * with the same `{ kid, secret }` skip the key import and the header encoding. One entry per kid;
 * at most KEY_CACHE_SIZE, the oldest dropped first. A hit needs the same secret: a string equal to
 * the cached one, or bytes equal to the private copy taken when the key was prepared (so a caller
 * that mutates its Uint8Array later gets a new key, never a stale one). The secret stays in this
 * module's private map, as it stays in the prepared HMAC key; nothing reads it out.
 */
const KEY_CACHE_SIZE = 16;
const keyCache = new Map<string, { readonly secret: string | Uint8Array; readonly prepared: PreparedKey }>();

function cachedKey(kid: unknown, secret: unknown): PreparedKey | undefined {
  if (typeof kid !== 'string') return undefined;
  const entry = keyCache.get(kid);
  if (entry === undefined) return undefined;
  // Stryker disable next-line ConditionalExpression: dropping `typeof secret === 'string'` is equivalent: a string given against cached bytes fails sameBytes's instanceof test.
  if (typeof secret === 'string' || typeof entry.secret === 'string') return secret === entry.secret ? entry.prepared : undefined;
  return sameBytes(entry.secret, secret) ? entry.prepared : undefined;
}

function sameBytes(known: Uint8Array, given: unknown): boolean {
  try {
    if (!(given instanceof Uint8Array) || known.length !== given.length) return false;
    let difference = 0;
    // Stryker disable next-line EqualityOperator: `<=` is equivalent: one past the end both arrays read undefined, and undefined ^ undefined is 0.
    for (let i = 0; i < known.length; i++) difference |= (known[i] as number) ^ (given[i] as number);
    return difference === 0;
  } catch {
    // A (revoked) Proxy or a detached buffer: no hit, and the full path reports it as ERR_KEY_INVALID.
    return false;
  }
}

function remember(kid: string, secret: string | Uint8Array, prepared: PreparedKey): void {
  keyCache.delete(kid);
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(kid, { secret, prepared });
}

/** Check a key by the signing-side rules and prepare it (or take it from the cache of prepared keys). */
export function prepareKey(key: SigningKey): PreparedKey {
  const { kid, secret } = readObject(key as { kid: unknown; secret: unknown }, 'key', 'ERR_KEY_INVALID', pickKey);
  const cached = cachedKey(kid, secret);
  if (cached !== undefined) return cached;
  if (typeof kid !== 'string' || !VISIBLE_ASCII.test(kid)) {
    const got = typeof kid !== 'string' ? describe(kid) : kid === '' ? 'an empty string' : 'spaces or non-ASCII';
    throw must('ERR_KEY_INVALID', 'kid', 'be a non-empty string of visible ASCII', got, undefined, 'the key id from Admin Center');
  }
  const bytes = secretBytes(secret);
  const prepared = { kid, headerSegment: base64urlEncode(`{"alg":"HS256","typ":"JWT","kid":${JSON.stringify(kid)}}`), hmac: createHmacKey(bytes) };
  // bytes is a private copy for a Uint8Array secret: what the caller does to its array later cannot change it.
  remember(kid, typeof secret === 'string' ? secret : bytes, prepared);
  return prepared;
}

const pickKey = ({ kid, secret }: { kid: unknown; secret: unknown }) => ({ kid, secret });

function secretBytes(secret: unknown): Uint8Array {
  let bytes: Uint8Array | undefined;
  if (typeof secret === 'string') {
    // A trailing newline from an env file is the usual way a right secret gives wrong signatures.
    if (secret !== secret.trim()) {
      throw must('ERR_KEY_INVALID', 'secret', 'not start or end with white space', undefined, undefined, 'trim it (often a newline from an env file)');
    }
    checkWellFormed(secret, 'secret', undefined, 'ERR_KEY_INVALID');
    bytes = utf8Encode(secret);
  } else {
    let cause: unknown;
    try {
      // A private copy; a Proxy or a detached buffer throws here and must leave as a JwtError.
      if (secret instanceof Uint8Array) bytes = new Uint8Array(secret);
    } catch (error) {
      cause = error;
    }
    if (bytes === undefined) {
      const got = cause === undefined ? describe(secret) : 'an unreadable Uint8Array';
      throw must('ERR_KEY_INVALID', 'secret', 'be a string or a Uint8Array', got, undefined, undefined, cause);
    }
  }
  if (bytes.length < MIN_SECRET_BYTES) {
    throw must('ERR_KEY_INVALID', 'secret', `be at least ${MIN_SECRET_BYTES} bytes`, `${bytes.length} bytes`, undefined, 'copy the whole secret from Admin Center');
  }
  return bytes;
}

/**
 * The payload as JSON, written field by field in the order of `MessagingClaims`: the same bytes
 * as `JSON.stringify(claims)`, without walking the object.
 */
export function encodeClaims(claims: MessagingClaims): string {
  let json = `{"scope":"user","external_id":${JSON.stringify(claims.external_id)}`;
  if (claims.name !== undefined) json += `,"name":${JSON.stringify(claims.name)}`;
  if (claims.email !== undefined) json += `,"email":${JSON.stringify(claims.email)},"email_verified":true`;
  if (claims.exp !== undefined) json += `,"exp":${claims.exp}`;
  return `${json}}`;
}

function signingInput(key: PreparedKey, claims: MessagingClaims): string {
  return `${key.headerSegment}.${base64urlEncode(encodeClaims(claims))}`;
}

function tokenSync(key: PreparedKey, claims: MessagingClaims): string {
  const input = signingInput(key, claims);
  return `${input}.${key.hmac.signSync(input)}`;
}

async function token(key: PreparedKey, claims: MessagingClaims): Promise<string> {
  const input = signingInput(key, claims);
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
 * const signer = createSigner({ kid: process.env.ZENDESK_KEY_ID, secret: process.env.ZENDESK_SECRET });
 * const token = await signer.sign({ externalId: user.id, name: user.name });
 * ```
 */
export function createSigner(key: SigningKey, defaults?: ClaimOptions): Signer {
  const prepared = prepareKey(key);
  const base = mergeOptions<ClaimOptions>(undefined, defaults, CLAIM_OPTION_KEYS);
  // Fail at start-up, not on the first login: the defaults must build valid claims on their own.
  buildClaims({ externalId: 'defaults-check' }, base);
  const claimsFor = (user: MessagingUser, options: ClaimOptions | undefined): MessagingClaims =>
    buildClaims(user, mergeOptions(base, options, CLAIM_OPTION_KEYS));
  return {
    kid: prepared.kid,
    // `return await` (here and in signJwt): a claim error must reject this call's own promise, and
    // handing back an inner rejected promise is reported as unhandled by workerd.
    sign: async (user, options) => await token(prepared, claimsFor(user, options)),
    signSync: (user, options) => tokenSync(prepared, claimsFor(user, options)),
  };
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
  return await token(prepareKey(key), buildClaims(user, options));
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
  return tokenSync(prepareKey(key), buildClaims(user, options));
}
