/**
 * Every code a {@link JwtError} can carry, for wrappers that map codes to statuses. Callers
 * branch on the code, never on the message.
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
 * - `ERR_OPTION_INVALID`: an option or argument that cannot be right (`now`, `clockTolerance`, ...).
 *
 * @example
 * ```ts
 * const status = Object.fromEntries(JWT_ERROR_CODES.map((code) => [code, code === 'ERR_JWT_EXPIRED' ? 401 : 400]));
 * ```
 */
// prettier-ignore
export const JWT_ERROR_CODES = [
  'ERR_CLAIM_INVALID', 'ERR_KEY_INVALID', 'ERR_JWT_MALFORMED', 'ERR_JWT_UNSUPPORTED', 'ERR_KID_UNKNOWN',
  'ERR_SIGNATURE_INVALID', 'ERR_JWT_EXPIRED', 'ERR_JWT_NOT_YET_VALID', 'ERR_RUNTIME_UNSUPPORTED', 'ERR_OPTION_INVALID',
] as const;

/** One of {@link JWT_ERROR_CODES}: every way this library can refuse an input. */
export type JwtErrorCode = (typeof JWT_ERROR_CODES)[number];

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
  constructor(code: JwtErrorCode, message: string, options?: { claim?: string | undefined; cause?: unknown }) {
    // Error itself takes `cause` only when the options have one, so that no cause means no own property.
    super(message, options);
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
    const other = error as JwtError | undefined;
    return error instanceof JwtError || (other?.name === 'JwtError' && typeof other.code === 'string');
  }

  /**
   * What `JSON.stringify` writes (a log line, an API answer): never the cause, which may hold
   * an engine's error text.
   *
   * @example
   * ```ts
   * JSON.stringify(error); // {"name":"JwtError","code":"ERR_JWT_EXPIRED","message":"…","claim":"exp"}
   * ```
   */
  toJSON(): { name: 'JwtError'; code: JwtErrorCode; message: string; claim?: string } {
    const { code, message, claim } = this;
    return claim === undefined ? { name: 'JwtError', code, message } : { name: 'JwtError', code, message, claim };
  }
}

// A bundler may rename the class (esbuild writes `class _JwtError`), and console.error and
// util.inspect print the constructor's name: both names are set here, where no rename reaches.
Object.defineProperty(JwtError, 'name', { value: 'JwtError' });
JwtError.prototype.name = 'JwtError';

/** What a refusal may say besides its rule: `got` is a kind or a number, never a secret or personal data. */
type Detail = { got?: string | number | undefined; claim?: string | undefined; fix?: string | undefined; cause?: unknown };

/** A refusal with the one message shape: `${field} must ${rule}; got ${got}: ${fix}`. Internal. */
export function fail(code: JwtErrorCode, field: string, rule: string, { got, claim, fix, cause }: Detail = {}): JwtError {
  const message = `${field} must ${rule}${got === undefined ? '' : `; got ${got}`}${fix ? `: ${fix}` : ''}`;
  return new JwtError(code, message, cause === undefined ? { claim } : { claim, cause });
}

/** A value's kind for a message: never the value itself, which may be personal data. Internal. */
export function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** A number as itself (a time or a length is no secret), anything else as its kind. Internal. */
export function number(value: unknown): string | number {
  return typeof value === 'number' ? value : describe(value);
}

/** The argument whose fields are being read, to name in the guard's error (two variables: no array per call). */
let readingCode: JwtErrorCode;
let reading: string;

/**
 * `value` as an object to read own fields from; until the next one, anything thrown is blamed on
 * it (a getter or Proxy trap of the user is ERR_CLAIM_INVALID, of the key ERR_KEY_INVALID). Internal.
 */
export function argument<T>(value: T, what: string, code: JwtErrorCode): T & object {
  if (typeof value !== 'object' || value === null) throw fail(code, what, 'be an object', { got: describe(value) });
  readingCode = code;
  reading = what;
  return value;
}

/**
 * A call's options over the defaults (every field an own one, read before), own fields only and
 * each read once: `undefined` means "not given" and keeps the default; anything else (`null` too) wins. Internal.
 */
export function merge<T extends object>(options: T | undefined, defaults: T, keys: readonly (keyof T & string)[]): T {
  if (options === undefined) return defaults;
  const given = argument(options, 'options', 'ERR_OPTION_INVALID');
  const merged = { ...defaults };
  for (const key of keys) {
    const value = own(given, key);
    if (value !== undefined) merged[key] = value as T[keyof T & string];
  }
  return merged;
}

/** A field the object holds itself: a value inherited from `Object.prototype` is never read. Internal. */
export function own(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/**
 * Run a public entry point: whatever the caller's objects throw while read (a getter, a Proxy
 * trap, a detached buffer) leaves as a JwtError with it as the cause. Internal.
 */
export function guard<R>(run: () => R): R {
  readingCode = 'ERR_OPTION_INVALID';
  reading = 'arguments';
  return attempt(run, blame);
}

// instanceof, not JwtError.is: a getter could throw a look-alike, which must not escape as is.
const blame = (cause: unknown) => (cause instanceof JwtError ? cause : fail(readingCode, reading, 'be a plain object', { got: 'an error (the cause)', cause }));

/** What `run` returns; if it throws, the JwtError `refuse` makes of what it threw. Internal. */
export function attempt<R>(run: () => R, refuse: (cause: unknown) => JwtError): R {
  try {
    return run();
  } catch (cause) {
    throw refuse(cause);
  }
}
