import { canonical, decodeUtf8 } from './base64url.js';
import { readNow, readVerifiedUser, type MessagingClaims, type MessagingUser } from './claims.js';
import { argument, attempt, describe, fail, guard, merge, number, own } from './errors.js';
import { constantTimeEqual } from './hmac.js';
import { prepareKey, type PreparedKey, type SigningKey } from './sign.js';

/** How strictly to verify. All times are whole seconds. */
export interface VerifyOptions {
  /** Epoch seconds taken as "now"; default: the clock. */
  now?: number | undefined;
  /** Seconds of leeway for `exp` and `nbf`; default 0. */
  clockTolerance?: number | undefined;
  /** Longest token accepted, in characters; default 8192. */
  maxTokenLength?: number | undefined;
  /** Refuse a token without `exp`; default false (Zendesk makes `exp` optional). */
  requireExp?: boolean | undefined;
}

/** A verified token: the header and claims as signed, and Zendesk's reading of the user. */
export interface VerifiedJwt {
  /** The header as signed, with every member it had. */
  header: { alg: 'HS256'; typ?: 'JWT'; kid: string } & Record<string, unknown>;
  /** The payload as signed: unknown claims are kept (an `email` with `email_verified: false` too). */
  claims: Omit<MessagingClaims, 'email_verified'> & { email_verified?: boolean } & Record<string, unknown>;
  /** Zendesk's reading: the email only when `email_verified` is `true`. */
  user: MessagingUser;
}

/** A verifier holding a prepared keyring. */
export interface Verifier {
  /** Verify a token; works on every runtime. */
  verify(token: string, options?: VerifyOptions): Promise<VerifiedJwt>;
  /** Verify synchronously; throws `ERR_RUNTIME_UNSUPPORTED` where the runtime has no `node:crypto`. */
  verifySync(token: string, options?: VerifyOptions): VerifiedJwt;
}

/** Verify options checked once, every field an own one. */
type Checked = { now: number | undefined; clockTolerance: number; maxTokenLength: number; requireExp: boolean };

const NO_OPTIONS: Checked = { now: undefined, clockTolerance: 0, maxTokenLength: 8192, requireExp: false };
const OPTION_KEYS = ['now', 'clockTolerance', 'maxTokenLength', 'requireExp'] as const;

function check(options: VerifyOptions | undefined, defaults: Checked): Checked {
  const { now, clockTolerance, maxTokenLength, requireExp } = merge(options, defaults as VerifyOptions, OPTION_KEYS);
  if (!(typeof clockTolerance === 'number' && clockTolerance >= 0 && clockTolerance < Infinity)) throw fail('ERR_OPTION_INVALID', 'clockTolerance', 'be seconds, 0 or more', { got: number(clockTolerance) });
  if (!(Number.isSafeInteger(maxTokenLength) && (maxTokenLength as number) >= 1)) throw fail('ERR_OPTION_INVALID', 'maxTokenLength', 'be an integer, 1 or more', { got: number(maxTokenLength) });
  if (typeof requireExp !== 'boolean') throw fail('ERR_OPTION_INVALID', 'requireExp', 'be a boolean', { got: describe(requireExp) });
  return { now: now === undefined ? undefined : readNow(now), clockTolerance, maxTokenLength: maxTokenLength as number, requireExp };
}

/** A token's three segments, refused when it is not a string, too long or not three segments. */
function split(token: unknown, maxTokenLength: number): [string, string, string] {
  if (typeof token !== 'string') throw fail('ERR_JWT_MALFORMED', 'token', 'be a string', { got: describe(token) });
  if (token.length > maxTokenLength) throw fail('ERR_JWT_MALFORMED', 'token', `be at most maxTokenLength (${maxTokenLength}) long`, { got: token.length });
  const parts = token.split('.');
  if (parts.length !== 3) throw fail('ERR_JWT_MALFORMED', 'token', 'be three base64url segments joined by "."');
  return parts as [string, string, string];
}

/**
 * A segment (strict base64url, checked before with `canonical`) of UTF-8 JSON that must be an
 * object with no member name twice at the top level. `JSON.parse` keeps the last of two equal names
 * (however escaped) and creates `__proto__` as an own data member, so counting the top-level
 * members in the text and the parsed keys finds a repeat.
 */
function parseJsonObject(segment: string, what: string): Record<string, unknown> {
  const text = decodeUtf8(segment, what);
  const value: unknown = attempt(() => JSON.parse(text), (cause) => fail('ERR_JWT_MALFORMED', what, 'be a JSON object', { got: 'invalid JSON', cause }));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('ERR_JWT_MALFORMED', what, 'be a JSON object', { got: describe(value) });
  const keys = Object.keys(value).length;
  let colons = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) colons++;
  // RFC 7515 §5.2 allows refusing a repeated name: one token must read as one user. Every member
  // has a colon, so text with no more colons than keys (`{}` included) repeats none, and needs no scan.
  if (colons > keys && keys !== topLevelMembers(text)) throw fail('ERR_JWT_MALFORMED', what, 'name each member once');
  return value as Record<string, unknown>;
}

/** Members of the top-level object of valid JSON text: its commas at depth 1, plus one. */
function topLevelMembers(text: string): number {
  let depth = 0;
  let members = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    // A string is skipped whole; an escape takes the character after its backslash with it.
    if (char === 0x22) while (text.charCodeAt(++i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 1 : 0;
    else if (char === 0x7b || char === 0x5b) depth++;
    else if (char === 0x7d || char === 0x5d) depth--;
    else if (char === 0x2c && depth === 1) members++;
  }
  return members;
}

/** The key a header that is not one of ours names, by the header rules. */
function checkHeader(header: Record<string, unknown>, byKid: Map<string, PreparedKey>): PreparedKey {
  // The header never chooses the hash: anything but the exact string HS256 is refused.
  const [alg, typ, kid] = [own(header, 'alg'), own(header, 'typ'), own(header, 'kid')];
  if (alg !== 'HS256') throw fail('ERR_JWT_UNSUPPORTED', 'alg', 'be "HS256"', { got: quote(alg) });
  if (typ !== undefined && typ !== 'JWT') throw fail('ERR_JWT_UNSUPPORTED', 'typ', 'be "JWT" or absent', { got: quote(typ) });
  // RFC 7515 §4.1.11: a crit extension we do not implement must be refused; b64 (RFC 7797) changes what is signed.
  if (own(header, 'crit') !== undefined || own(header, 'b64') !== undefined) throw fail('ERR_JWT_UNSUPPORTED', 'header', 'not have crit or b64');
  const key = byKid.get(kid as string);
  if (!key) throw fail('ERR_KID_UNKNOWN', 'kid', `be one of the ${byKid.size} configured keys`, { got: quote(kid) });
  return key;
}

/** An attacker's value, short and escaped, for a message. */
function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : describe(value);
}

/**
 * Create a verifier for one key or a keyring (key rotation: Zendesk allows several keys per
 * account). Keys are checked and prepared once.
 *
 * @param keys - one `{ kid, secret }` or an array of them
 * @param defaults - verify options for every call; a call's own options override them field by field
 * @returns a verifier with `verify` (every runtime) and `verifySync` (where `node:crypto` exists)
 * @throws {@link JwtError} `ERR_KEY_INVALID` at once for an empty keyring, a repeated `kid` or a
 *   bad key; `ERR_OPTION_INVALID` for bad defaults
 * @example
 * ```ts
 * const verifier = createVerifier([currentKey, previousKey], { clockTolerance: 30 });
 * const { user } = verifier.verifySync(token);
 * ```
 */
export function createVerifier(keys: SigningKey | readonly SigningKey[], defaults?: VerifyOptions): Verifier {
  return guard(() => {
    // One copy, read once: an array with getters cannot change between the checks and the use.
    const given = argument(keys, 'keys', 'ERR_KEY_INVALID');
    const list = Array.isArray(given) ? Array.from(given as readonly SigningKey[], prepareKey) : [prepareKey(given as SigningKey)];
    if (list.length === 0) throw fail('ERR_KEY_INVALID', 'keys', 'hold at least one { kid, secret }', { got: 'an empty array' });
    const byKid = new Map(list.map((key) => [key.kid, key]));
    if (byKid.size < list.length) throw fail('ERR_KEY_INVALID', 'kid', 'be unique in the keyring', { got: 'a kid twice' });
    // Our own header segments: a token that starts with one needs no header decoding.
    const byHeaderSegment = new Map(list.map((key) => [key.headerSegment, key]));
    const base = check(defaults, NO_OPTIONS);
    /** Options, structure, header and key, under one guard; the signature and the claims wait for the HMAC. */
    const parse = (token: string, options: VerifyOptions | undefined) =>
      guard(() => {
        // No options: the defaults were checked at creation, and checking them again per call costs an object.
        const checked = options === undefined ? base : check(options, base);
        const [headerSegment, payloadSegment, signature] = split(token, checked.maxTokenLength);
        const ours = byHeaderSegment.get(headerSegment);
        const header = ours ? { alg: 'HS256', typ: 'JWT', kid: ours.kid } : parseJsonObject(canonical(headerSegment), 'header');
        const key = ours ?? checkHeader(header, byKid);
        // Strict base64url now, so a malformed token costs no HMAC; UTF-8 and JSON after the signature.
        return { checked, header, key, payload: canonical(payloadSegment), signature, input: `${headerSegment}.${payloadSegment}` };
      });
    const finish = ({ checked, header, payload, signature }: ReturnType<typeof parse>, mac: string): VerifiedJwt => {
      if (!constantTimeEqual(mac, signature)) {
        // A signature spelled non-canonically is malformed rather than wrong.
        canonical(signature);
        throw fail('ERR_SIGNATURE_INVALID', 'signature', 'match', { fix: 'wrong secret for this kid, or the token was altered' });
      }
      const claims = parseJsonObject(payload, 'payload');
      const user = readVerifiedUser(claims, checked.now ?? readNow(undefined), checked.clockTolerance, checked.requireExp);
      return { header: header as VerifiedJwt['header'], claims: claims as VerifiedJwt['claims'], user };
    };
    return {
      verify: async (token, options) => {
        const parsed = parse(token, options);
        return finish(parsed, await parsed.key.hmac.sign(parsed.input));
      },
      verifySync: (token, options) => {
        const parsed = parse(token, options);
        return finish(parsed, parsed.key.hmac.signSync(parsed.input));
      },
    };
  });
}

/**
 * Verify a Zendesk Messaging token: structure, header, signature (constant time), then claims.
 *
 * @param token - the compact JWT
 * @param keys - one `{ kid, secret }` or a keyring; the header's `kid` picks the key
 * @param options - `now`, `clockTolerance`, `maxTokenLength`, `requireExp`
 * @returns the header, the claims as signed, and Zendesk's reading of the user
 * @throws {@link JwtError} (as a rejection) with the code of the first rule broken
 * @example
 * ```ts
 * const { user } = await verifyJwt(token, { kid, secret });
 * ```
 */
export async function verifyJwt(token: string, keys: SigningKey | readonly SigningKey[], options?: VerifyOptions): Promise<VerifiedJwt> {
  // `return await`, not `return`: handing back the inner promise rejects it one tick before the
  // caller can attach a handler, and workerd reports that as an unhandled rejection.
  return await createVerifier(keys).verify(token, options);
}

/**
 * Verify synchronously. Needs `node:crypto` (Node, Bun, Deno, workerd with nodejs_compat).
 *
 * @param token - the compact JWT
 * @param keys - one `{ kid, secret }` or a keyring
 * @param options - `now`, `clockTolerance`, `maxTokenLength`, `requireExp`
 * @returns the header, the claims as signed, and Zendesk's reading of the user
 * @throws {@link JwtError} with the code of the first rule broken; `ERR_RUNTIME_UNSUPPORTED`
 *   where the runtime has no `node:crypto`
 * @example
 * ```ts
 * const { claims } = verifyJwtSync(token, keyring, { requireExp: true });
 * ```
 */
export function verifyJwtSync(token: string, keys: SigningKey | readonly SigningKey[], options?: VerifyOptions): VerifiedJwt {
  return createVerifier(keys).verifySync(token, options);
}

/**
 * Read a token's header and payload WITHOUT verifying anything but its structure (three strict
 * base64url segments of UTF-8 JSON objects, no duplicate members, at most 8192 characters).
 * Never trust what it returns: use it to find the `kid` or to debug.
 *
 * @param token - the compact JWT
 * @returns the header and payload as decoded
 * @throws {@link JwtError} `ERR_JWT_MALFORMED`
 * @example
 * ```ts
 * const { header } = decodeJwt(token); // header.kid, unverified
 * ```
 */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [headerSegment, payloadSegment, signature] = split(token, 8192);
  const decoded = { header: parseJsonObject(canonical(headerSegment), 'header'), payload: parseJsonObject(canonical(payloadSegment), 'payload') };
  canonical(signature);
  return decoded;
}
