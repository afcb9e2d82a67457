/**
 * Every way this library can refuse an input. Callers branch on `code`, never on the message.
 *
 * - `ERR_CLAIM_INVALID`: a user field or claim breaks a Zendesk rule (`claim` names it).
 * - `ERR_KEY_INVALID`: a `kid` or `secret` that cannot be right, or a bad keyring.
 * - `ERR_JWT_MALFORMED`: not three strict base64url segments of JSON objects, or too long.
 * - `ERR_JWT_UNSUPPORTED`: the header asks for anything but HS256/JWT, or carries `crit`/`b64`.
 * - `ERR_KID_UNKNOWN`: `kid` missing, not a string, or not among the keys.
 * - `ERR_SIGNATURE_INVALID`: the signature does not match.
 * - `ERR_JWT_EXPIRED`: `exp` is at or before now minus the tolerance.
 * - `ERR_JWT_NOT_YET_VALID`: `nbf` is after now plus the tolerance.
 * - `ERR_RUNTIME_UNSUPPORTED`: a `*Sync` call where the runtime has no `node:crypto`.
 * - `ERR_OPTION_INVALID`: an option that cannot be right (`now`, `clockTolerance`, `maxTokenLength`, ...).
 */
export type JwtErrorCode =
  | 'ERR_CLAIM_INVALID'
  | 'ERR_KEY_INVALID'
  | 'ERR_JWT_MALFORMED'
  | 'ERR_JWT_UNSUPPORTED'
  | 'ERR_KID_UNKNOWN'
  | 'ERR_SIGNATURE_INVALID'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_NOT_YET_VALID'
  | 'ERR_RUNTIME_UNSUPPORTED'
  | 'ERR_OPTION_INVALID';

/**
 * The only error this library throws or rejects with. Its message says what to change and
 * never contains a secret or a whole token.
 *
 * @example
 * ```ts
 * try {
 *   verifyJwtSync(token, key);
 * } catch (error) {
 *   if (JwtError.is(error) && error.code === 'ERR_JWT_EXPIRED') return reLogin();
 *   throw error;
 * }
 * ```
 */
export class JwtError extends Error {
  /** What went wrong, as a stable code to branch on. */
  readonly code: JwtErrorCode;
  /** The JWT claim at fault (`external_id`, `exp`, ...), for `ERR_CLAIM_INVALID` and date errors. */
  // declare: no own `claim` property at all unless one is given.
  declare readonly claim?: string;

  /**
   * @param code - one of {@link JwtErrorCode}
   * @param message - what is wrong and how to fix it; must never contain a secret
   * @param options - the claim at fault and the underlying cause, if any
   * @throws never
   * @example
   * ```ts
   * new JwtError('ERR_CLAIM_INVALID', 'external_id is required', { claim: 'external_id' });
   * ```
   */
  constructor(code: JwtErrorCode, message: string, options?: { claim?: string; cause?: unknown }) {
    // Error itself takes `cause` only when the options have one, so that no cause means no own property.
    super(message, options);
    this.name = 'JwtError';
    this.code = code;
    if (options?.claim !== undefined) this.claim = options.claim;
  }

  /**
   * True for a `JwtError`, also one from another copy of this package or another realm
   * (a bundle that inlined its own copy, a worker), where `instanceof` would say no.
   *
   * @param error - anything caught
   * @throws never
   * @example
   * ```ts
   * if (JwtError.is(error)) console.warn(error.code);
   * ```
   */
  static is(error: unknown): error is JwtError {
    return (
      error instanceof JwtError ||
      (typeof error === 'object' &&
        error !== null &&
        (error as { name?: unknown }).name === 'JwtError' &&
        typeof (error as { code?: unknown }).code === 'string')
    );
  }
}

/**
 * A refusal whose message has the one shape every message here shares, so that a bundle holds
 * short, repeating phrases: `${field} must ${rule}; got ${got}: ${fix}` (got and fix when given).
 * `got` is a kind or a number, never a secret or personal data. Internal.
 */
export function must(
  code: JwtErrorCode,
  field: string,
  rule: string,
  got?: string | number,
  claim?: string,
  fix?: string,
  cause?: unknown,
): JwtError {
  const message = `${field} must ${rule}${got === undefined ? '' : `; got ${got}`}${fix ? `: ${fix}` : ''}`;
  return new JwtError(code, message, (cause === undefined ? { claim } : { claim, cause }) as { claim?: string });
}

/**
 * What `pick` reads from `value`, read once inside a try: a getter or Proxy trap that throws
 * leaves as a JwtError with what it threw as the cause. Internal.
 */
export function readObject<T, R>(value: T, what: string, code: JwtErrorCode, pick: (value: T & object) => R): R {
  if (typeof value !== 'object' || value === null) throw must(code, what, 'be an object', describe(value));
  try {
    return pick(value);
  } catch (cause) {
    // instanceof, not JwtError.is: a getter could throw a look-alike, which must not escape as is.
    if (cause instanceof JwtError) throw cause;
    throw must(code, what, 'be a plain object', 'one that threw when read', undefined, undefined, cause);
  }
}

/** A value's kind for a message: never the value itself, which may be personal data. Internal. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  try {
    return Array.isArray(value) ? 'an array' : 'object';
  } catch {
    // Array.isArray throws on a revoked Proxy; a message must never turn into a TypeError.
    return 'object';
  }
}

/** A number as itself (it is no secret), anything else as its kind. Internal. */
export function describeNumber(value: unknown): string | number {
  return typeof value === 'number' ? value : describe(value);
}
