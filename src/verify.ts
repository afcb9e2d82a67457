import { base64urlDecode, base64urlDecodeShared, utf8Decode } from './base64url.js';
import { own, readNow, readVerifiedUser, type MessagingClaims, type MessagingUser } from './claims.js';
import { describe, describeNumber, must, readObject, type JwtError } from './errors.js';
import { mergeOptions } from './options.js';
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
  claims: MessagingClaims & Record<string, unknown>;
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

interface Keyring {
  readonly byKid: Map<string, PreparedKey>;
  /** Our own header segment per key: a token that starts with one skips header decoding. */
  readonly byHeaderSegment: Map<string, PreparedKey>;
}

interface CheckedOptions {
  now: number | undefined;
  clockTolerance: number;
  maxTokenLength: number;
  requireExp: boolean;
}

/** A token whose structure and header were checked; the signature and claims are not yet. */
interface ParsedToken {
  header: VerifiedJwt['header'];
  key: PreparedKey;
  signingInput: string;
  signature: string;
  /** The payload as UTF-8 text, or why it is not: that error waits until the signature has matched. */
  payloadText: string | JwtError;
}

const DEFAULT_MAX_TOKEN_LENGTH = 8192;
const VERIFY_OPTION_KEYS = ['now', 'clockTolerance', 'maxTokenLength', 'requireExp'] as const;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function prepareKeyring(keys: SigningKey | readonly SigningKey[]): Keyring {
  // One copy, read once: a Proxy (even a revoked one) or an array with getters can neither
  // throw something other than a JwtError nor change between the checks and the use.
  const list = readObject(keys, 'keys', 'ERR_KEY_INVALID', pickKeys);
  if (list.length === 0) throw must('ERR_KEY_INVALID', 'keys', 'hold at least one { kid, secret }', 'an empty array');
  const byKid = new Map<string, PreparedKey>();
  const byHeaderSegment = new Map<string, PreparedKey>();
  for (const key of list) {
    const prepared = prepareKey(key);
    if (byKid.has(prepared.kid)) throw must('ERR_KEY_INVALID', 'kid', 'be unique in the keyring', `${quote(prepared.kid)} twice`);
    byKid.set(prepared.kid, prepared);
    byHeaderSegment.set(prepared.headerSegment, prepared);
  }
  return { byKid, byHeaderSegment };
}

const pickKeys = (keys: SigningKey | readonly SigningKey[]): readonly SigningKey[] =>
  Array.isArray(keys) ? Array.from(keys as readonly SigningKey[]) : [keys as SigningKey];

function checkOptions(options: VerifyOptions): CheckedOptions {
  const { now, clockTolerance = 0, maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH, requireExp = false } = options;
  // Stryker disable next-line ConditionalExpression: equivalent, Number.isFinite is false for anything not a number.
  if (typeof clockTolerance !== 'number' || !Number.isFinite(clockTolerance) || clockTolerance < 0) {
    throw must('ERR_OPTION_INVALID', 'clockTolerance', 'be a number of seconds, 0 or more', describeNumber(clockTolerance));
  }
  if (!Number.isSafeInteger(maxTokenLength) || maxTokenLength < 1) {
    throw must('ERR_OPTION_INVALID', 'maxTokenLength', 'be a whole number, 1 or more', describeNumber(maxTokenLength));
  }
  if (typeof requireExp !== 'boolean') throw must('ERR_OPTION_INVALID', 'requireExp', 'be a boolean', describe(requireExp));
  return { now: now === undefined ? undefined : readNow(now), clockTolerance, maxTokenLength, requireExp };
}

function splitToken(token: unknown, maxTokenLength: number): [string, string, string] {
  if (typeof token !== 'string') throw must('ERR_JWT_MALFORMED', 'token', 'be a string', describe(token));
  if (token.length > maxTokenLength) {
    throw must('ERR_JWT_MALFORMED', 'token', `be at most maxTokenLength (${maxTokenLength}) characters`, token.length);
  }
  const first = token.indexOf('.');
  // Stryker disable next-line ConditionalExpression: `false` is equivalent (with no first dot, indexOf from 0 finds none either); `true` refuses every token and fails every test.
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  // Stryker disable next-line EqualityOperator: `second <= 0` and `> 0` are equivalent (second >= 1, and a third dot is found at second + 1 or later); the others fail test/messages.strength.test.ts.
  if (second < 0 || token.indexOf('.', second + 1) >= 0) {
    throw must('ERR_JWT_MALFORMED', 'token', 'be three base64url segments joined by "."');
  }
  return [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
}

/**
 * JSON that must be an object with no member name twice at the top level. `JSON.parse` keeps the
 * last of two equal names (however escaped) and creates `__proto__` as an own data member, so
 * counting top-level members in the text and comparing with the parsed keys finds duplicates.
 */
function parseJsonObject(bytes: Uint8Array, what: string): Record<string, unknown> {
  return parseJsonText(utf8Decode(bytes, what), what);
}

function parseJsonText(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  let cause: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    cause = error;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw must('ERR_JWT_MALFORMED', what, 'be a JSON object', cause === undefined ? describe(value) : 'invalid JSON', undefined, undefined, cause);
  }
  const keys = Object.keys(value).length;
  // RFC 7515 §5.2 allows refusing a repeated name: one token must read as one user.
  if (keys > 0 && keys !== countTopLevelCommas(text) + 1) throw must('ERR_JWT_MALFORMED', what, 'name each member once', 'a name twice');
  return value as Record<string, unknown>;
}

/** Commas between top-level members of valid JSON text whose value is an object. */
function countTopLevelCommas(text: string): number {
  let depth = 0;
  let commas = 0;
  // Stryker disable next-line EqualityOperator: equivalent, charCodeAt(text.length) is NaN, which matches no branch.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      // Jump to the closing quote (indexOf, so a long name costs a scan, not a loop in JS): the next
      // quote not escaped, i.e. not after an odd run of backslashes. The text parsed, so one exists.
      // Stryker disable ConditionalExpression,LogicalOperator,EqualityOperator: equivalent, i is a quote's index >= 1 in text that parsed, and isEscaped is false without a backslash before it. A next-line comment does not reach a do-while condition, hence disable/restore. (`i > 0 ||` loops to the end and fails test/verify.test.ts when applied by hand, though Stryker 9.6.1 reported it survived.)
      do i = text.indexOf('"', i + 1);
      while (i > 0 && text.charCodeAt(i - 1) === BACKSLASH && isEscaped(text, i));
      // Stryker restore ConditionalExpression,LogicalOperator,EqualityOperator
      // Unreachable (JSON.parse accepted the text, so every string closes); kept so that a broken
      // invariant ends the loop instead of restarting it at index 0.
      // Stryker disable next-line all: equivalent, the condition is never true for text that parsed.
      /* v8 ignore next -- @preserve */ if (i < 0) break;
    } else if (code === 0x7b || code === 0x5b) {
      depth++;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    } else if (code === COMMA && depth === 1) {
      commas++;
    }
  }
  return commas;
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  // Stryker disable next-line UpdateOperator: `backslashes--` is equivalent (-n and n have the same parity); `k++` fails the escaped-backslash test in test/verify.strength.test.ts.
  for (let k = quote - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
  return (backslashes & 1) === 1;
}

function checkHeader(header: Record<string, unknown>, keyring: Keyring): PreparedKey {
  // The header never chooses the hash: anything but the exact string HS256 is refused.
  // Own members only, as for claims. JSON has no undefined, so undefined means absent.
  const alg = own(header, 'alg');
  if (alg !== 'HS256') throw must('ERR_JWT_UNSUPPORTED', 'alg', 'be "HS256"', quote(alg));
  const typ = own(header, 'typ');
  if (typ !== undefined && typ !== 'JWT') throw must('ERR_JWT_UNSUPPORTED', 'typ', 'be "JWT" or absent', quote(typ));
  // RFC 7515 §4.1.11: a crit extension we do not implement must be refused; b64 (RFC 7797) changes what is signed.
  for (const member of ['crit', 'b64']) {
    if (own(header, member) !== undefined) throw must('ERR_JWT_UNSUPPORTED', 'header', `not have "${member}"`);
  }
  const kid = own(header, 'kid');
  if (typeof kid !== 'string') {
    throw must('ERR_KID_UNKNOWN', 'kid', 'be a string', kid === undefined ? 'none' : describe(kid), undefined, 'sign with the key id from Admin Center');
  }
  const key = keyring.byKid.get(kid);
  if (!key) throw must('ERR_KID_UNKNOWN', 'kid', `be one of the ${keyring.byKid.size} configured keys`, quote(kid));
  return key;
}

/** An attacker's value, short and escaped, for a message. */
function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : describe(value);
}

function parseToken(token: unknown, keyring: Keyring, maxTokenLength: number): ParsedToken {
  const [headerSegment, payloadSegment, signature] = splitToken(token, maxTokenLength);
  let key = keyring.byHeaderSegment.get(headerSegment);
  let header: VerifiedJwt['header'];
  if (key) {
    header = { alg: 'HS256', typ: 'JWT', kid: key.kid };
  } else {
    const decoded = parseJsonObject(base64urlDecodeShared(headerSegment), 'header');
    key = checkHeader(decoded, keyring);
    header = decoded as VerifiedJwt['header'];
  }
  return {
    header,
    key,
    signingInput: (token as string).slice(0, headerSegment.length + 1 + payloadSegment.length),
    signature,
    payloadText: payloadText(payloadSegment),
  };
}

/** Strict base64url now (a malformed token costs no HMAC); a UTF-8 error is kept for after the signature check. */
function payloadText(payloadSegment: string): string | JwtError {
  const bytes = base64urlDecodeShared(payloadSegment);
  try {
    return utf8Decode(bytes, 'payload');
  } catch (error) {
    return error as JwtError;
  }
}

function finish(parsed: ParsedToken, signatureMatches: boolean, options: CheckedOptions): VerifiedJwt {
  if (!signatureMatches) {
    // A signature spelled non-canonically is malformed rather than wrong; decoding tells which.
    base64urlDecode(parsed.signature);
    throw must('ERR_SIGNATURE_INVALID', 'signature', 'match', 'another', undefined, 'wrong secret for this kid, or the token was altered');
  }
  if (typeof parsed.payloadText !== 'string') throw parsed.payloadText;
  const claims = parseJsonText(parsed.payloadText, 'payload');
  const now = options.now ?? readNow(undefined);
  const user = readVerifiedUser(claims, now, options.clockTolerance, options.requireExp);
  return { header: parsed.header, claims: claims as VerifiedJwt['claims'], user };
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
  const keyring = prepareKeyring(keys);
  const base = mergeOptions<VerifyOptions>(undefined, defaults, VERIFY_OPTION_KEYS);
  const checkedDefaults = checkOptions(base);
  const optionsFor = (options: VerifyOptions | undefined): CheckedOptions =>
    // Stryker disable next-line ConditionalExpression: equivalent, checking the merged defaults again gives the same result; holding them is a speed-up.
    options === undefined ? checkedDefaults : checkOptions(mergeOptions(base, options, VERIFY_OPTION_KEYS));
  return {
    verify: async (token, options) => {
      const checked = optionsFor(options);
      const parsed = parseToken(token, keyring, checked.maxTokenLength);
      return finish(parsed, await parsed.key.hmac.verify(parsed.signingInput, parsed.signature), checked);
    },
    verifySync: (token, options) => {
      const checked = optionsFor(options);
      const parsed = parseToken(token, keyring, checked.maxTokenLength);
      return finish(parsed, parsed.key.hmac.verifySync(parsed.signingInput, parsed.signature), checked);
    },
  };
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
export async function verifyJwt(
  token: string,
  keys: SigningKey | readonly SigningKey[],
  options?: VerifyOptions,
): Promise<VerifiedJwt> {
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
  const [headerSegment, payloadSegment, signature] = splitToken(token, DEFAULT_MAX_TOKEN_LENGTH);
  const header = parseJsonObject(base64urlDecode(headerSegment), 'header');
  const payload = parseJsonObject(base64urlDecode(payloadSegment), 'payload');
  base64urlDecode(signature);
  return { header, payload };
}
