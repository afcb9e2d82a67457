import { JwtError } from './errors.js';

/** What the caller knows about its user. `null` or `undefined` on an optional field means "absent". */
export interface MessagingUser {
  /** Your own stable id for the user (1 to 255 characters); never an id Zendesk assigned. */
  externalId: string;
  /** Shown to agents in the Agent Workspace. */
  name?: string | null | undefined;
  /** Sent only together with `emailVerified: true`; Zendesk ignores an unverified email. */
  email?: string | null | undefined;
  /** `true` only for an email the user proved to own. */
  emailVerified?: boolean | null | undefined;
}

/** When the token expires. All times are whole seconds since the Unix epoch. */
export interface ClaimOptions {
  /** Seconds from now; default 600. `null`: no `exp` claim at all. */
  expiresIn?: number | null | undefined;
  /** Absolute expiry: a `Date` (floored to seconds) or integer epoch seconds. Wins over `expiresIn`. */
  expiresAt?: Date | number | undefined;
  /** Epoch seconds taken as "now" (tests, reproducible tokens); default: the clock. */
  now?: number | undefined;
}

/** The payload Zendesk reads, in the key order this library writes it. */
export interface MessagingClaims {
  /** Always the lowercase string `"user"`, as Zendesk requires. */
  scope: 'user';
  /** Your id for the user: 1 to 255 characters. */
  external_id: string;
  /** Shown in the Agent Workspace. */
  name?: string;
  /** Present only together with `email_verified: true`. */
  email?: string;
  /** Always `true` when present: an unverified email is left out. */
  email_verified?: true;
  /** Expiry in whole seconds since the epoch. */
  exp?: number;
}

/** Zendesk's default advice is a short expiry: ten minutes. */
const DEFAULT_EXPIRES_IN = 600;
/** Above this, an epoch value is milliseconds: 10^11 seconds is the year 5138. */
const MILLISECONDS_THRESHOLD = 1e11;
const MAX_EXTERNAL_ID_CODE_POINTS = 255;

/**
 * Build the claims Zendesk expects from what you know about a user.
 *
 * @param user - the signed-in user; `externalId` is required
 * @param options - expiry (`expiresIn`, `expiresAt`) and the clock (`now`)
 * @returns the payload, keys in Zendesk's documented order; the input is not modified
 * @throws {@link JwtError} `ERR_CLAIM_INVALID` (with `claim`) for a field that breaks a rule;
 *   `ERR_OPTION_INVALID` for a bad `now`
 * @example
 * ```ts
 * buildClaims({ externalId: 'user-42', name: 'Jane Soap' }, { now: 1700000000 });
 * // { scope: 'user', external_id: 'user-42', name: 'Jane Soap', exp: 1700000600 }
 * ```
 */
export function buildClaims(user: MessagingUser, options?: ClaimOptions): MessagingClaims {
  const { externalId, name, email, emailVerified } = readUser(user);
  const { expiresIn, expiresAt, now } = readClaimOptions(options);

  const claims: MessagingClaims = { scope: 'user', external_id: checkExternalId(externalId, 'externalId') };
  const checkedName = checkOptionalString(name, 'name', 'name', true);
  if (checkedName !== undefined) claims.name = checkedName;
  // Checked even when dropped: an email of the wrong type is a bug in the caller, not an absence.
  const checkedEmail = checkOptionalString(email, 'email', 'email', true);
  if (emailVerified !== undefined && emailVerified !== null && typeof emailVerified !== 'boolean') {
    throw new JwtError(
      'ERR_CLAIM_INVALID',
      `emailVerified must be a boolean; got ${describe(emailVerified)}: pass true only for an email the user proved to own`,
      { claim: 'email_verified' },
    );
  }
  // Zendesk ignores an email unless email_verified is true, so both go in together or not at all.
  if (emailVerified === true && checkedEmail !== undefined) {
    claims.email = checkedEmail;
    claims.email_verified = true;
  }
  const exp = resolveExp(expiresIn, expiresAt, readNow(now));
  if (exp !== undefined) claims.exp = exp;
  return claims;
}

function readUser(user: MessagingUser): MessagingUser {
  if (typeof user !== 'object' || user === null) {
    throw new JwtError('ERR_CLAIM_INVALID', `user must be an object like { externalId: '123' }; got ${describe(user)}`);
  }
  try {
    const { externalId, name, email, emailVerified } = user;
    if (externalId === undefined && 'external_id' in user) {
      throw new JwtError('ERR_CLAIM_INVALID', 'user has external_id but no externalId: the user object takes camelCase field names', {
        claim: 'external_id',
      });
    }
    return { externalId, name, email, emailVerified } as MessagingUser;
  } catch (cause) {
    // instanceof, not JwtError.is: a getter could throw a look-alike object, which must not escape as is.
    if (cause instanceof JwtError) throw cause;
    throw new JwtError('ERR_CLAIM_INVALID', 'reading the user object threw; pass a plain object', { cause });
  }
}

function readClaimOptions(options: ClaimOptions | undefined): ClaimOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    throw new JwtError('ERR_OPTION_INVALID', `options must be an object or undefined; got ${describe(options)}`);
  }
  try {
    const { expiresIn, expiresAt, now } = options;
    return { expiresIn, expiresAt, now } as ClaimOptions;
  } catch (cause) {
    throw new JwtError('ERR_OPTION_INVALID', 'reading the options object threw; pass a plain object', { cause });
  }
}

function resolveExp(expiresIn: unknown, expiresAt: unknown, now: number): number | undefined {
  if (expiresIn !== undefined && expiresIn !== null && !(Number.isSafeInteger(expiresIn) && (expiresIn as number) > 0)) {
    throw new JwtError(
      'ERR_CLAIM_INVALID',
      `expiresIn must be a positive whole number of seconds (or null for no exp); got ${describeNumber(expiresIn)}`,
      { claim: 'exp' },
    );
  }
  let exp: number | undefined;
  if (expiresAt !== undefined) {
    exp = expiresAtSeconds(expiresAt);
  } else if (expiresIn !== null) {
    exp = now + ((expiresIn as number | undefined) ?? DEFAULT_EXPIRES_IN);
  }
  // A Date past the year 5138 or a huge expiresIn gives an exp that verifiers (ours included) read as
  // milliseconds, or one beyond exact integers: refuse to sign a token that no verifier accepts.
  if (exp !== undefined && exp > MILLISECONDS_THRESHOLD) {
    throw new JwtError('ERR_CLAIM_INVALID', `exp ${exp} is above 10^11 seconds (the year 5138), which reads as milliseconds: pick a nearer expiry`, {
      claim: 'exp',
    });
  }
  if (exp !== undefined && exp <= now) {
    throw new JwtError('ERR_CLAIM_INVALID', `exp ${exp} is at or before now (${now}): the token would be born expired`, {
      claim: 'exp',
    });
  }
  return exp;
}

function expiresAtSeconds(expiresAt: unknown): number {
  if (typeof expiresAt === 'number') return checkSeconds(expiresAt, 'exp', 'expiresAt', 'ERR_CLAIM_INVALID');
  let ms: number;
  try {
    // The Date's own time value: a Proxy, an overridden getTime or a non-Date throws here, inside the try,
    // and a Date from another realm (where instanceof says no) still works.
    ms = Date.prototype.getTime.call(expiresAt as Date);
  } catch (cause) {
    throw new JwtError('ERR_CLAIM_INVALID', `expiresAt must be a Date or whole epoch seconds; got ${describe(expiresAt)}`, {
      claim: 'exp',
      cause,
    });
  }
  if (!Number.isFinite(ms)) {
    throw new JwtError('ERR_CLAIM_INVALID', 'expiresAt is an invalid Date', { claim: 'exp' });
  }
  return Math.floor(ms / 1000);
}

/**
 * `external_id`: a well-formed string of 1 to 255 characters, counted as code points as Ruby and
 * Python count them (a UTF-16 `length` would refuse 255 emoji).
 */
export function checkExternalId(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'bigint' ? ': pass String(id)' : '';
    throw new JwtError(
      'ERR_CLAIM_INVALID',
      `${field} must be a string of 1 to ${MAX_EXTERNAL_ID_CODE_POINTS} characters; got ${describe(value)}${hint}`,
      { claim: 'external_id' },
    );
  }
  checkWellFormed(value, field, 'external_id');
  // Code points never outnumber UTF-16 units, so short strings need no counting.
  const length = value.length <= MAX_EXTERNAL_ID_CODE_POINTS ? value.length : codePointLength(value);
  if (length < 1 || length > MAX_EXTERNAL_ID_CODE_POINTS) {
    throw new JwtError(
      'ERR_CLAIM_INVALID',
      `${field} must be a string of 1 to ${MAX_EXTERNAL_ID_CODE_POINTS} characters; got ${length === 0 ? 'an empty string' : `${length} characters`}`,
      { claim: 'external_id' },
    );
  }
  return value;
}

/** `name` and `email`: a well-formed string when present. `nullIsAbsent` on the signing side only. */
export function checkOptionalString(value: unknown, field: string, claim: string, nullIsAbsent: boolean): string | undefined {
  if (value === undefined || (nullIsAbsent && value === null)) return undefined;
  if (typeof value !== 'string') {
    throw new JwtError('ERR_CLAIM_INVALID', `${field} must be a string${nullIsAbsent ? ' or null' : ''}; got ${describe(value)}`, {
      claim,
    });
  }
  checkWellFormed(value, field, claim);
  return value;
}

/** Whole epoch seconds, refusing milliseconds (the commonest `exp` bug: `Date.now()` unscaled). */
export function checkSeconds(
  value: unknown,
  claim: string,
  field: string,
  code: 'ERR_CLAIM_INVALID' | 'ERR_OPTION_INVALID',
): number {
  if (!Number.isSafeInteger(value)) {
    throw new JwtError(code, `${field} must be a whole number of seconds since the epoch; got ${describeNumber(value)}`, { claim });
  }
  if ((value as number) > MILLISECONDS_THRESHOLD) {
    throw new JwtError(
      code,
      `${field} ${value as number} looks like milliseconds; JWT times are seconds: divide by 1000 (Math.floor(ms / 1000))`,
      { claim },
    );
  }
  return value as number;
}

/** `now` as given (checked) or the clock, in whole seconds. */
export function readNow(now: unknown): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  const seconds = checkSeconds(now, 'now', 'now', 'ERR_OPTION_INVALID');
  if (seconds < 0) {
    throw new JwtError('ERR_OPTION_INVALID', `now must not be negative; got ${seconds}`);
  }
  return seconds;
}

/**
 * The verifying side's reading of a signed payload, by the same rules as {@link buildClaims}.
 * Returns Zendesk's view of the user: the email only when `email_verified` is `true`.
 */
export function readVerifiedUser(
  payload: Record<string, unknown>,
  now: number,
  clockTolerance: number,
  requireExp: boolean,
): MessagingUser {
  if (own(payload, 'scope') !== 'user') {
    throw new JwtError('ERR_CLAIM_INVALID', 'scope must be exactly "user" (lowercase), as Zendesk requires', { claim: 'scope' });
  }
  const user: MessagingUser = { externalId: checkExternalId(own(payload, 'external_id'), 'external_id') };
  const name = checkOptionalString(own(payload, 'name'), 'name', 'name', false);
  const email = checkOptionalString(own(payload, 'email'), 'email', 'email', false);
  const emailVerified = own(payload, 'email_verified');
  if (emailVerified !== undefined && typeof emailVerified !== 'boolean') {
    throw new JwtError('ERR_CLAIM_INVALID', `email_verified must be a boolean; got ${describe(emailVerified)}`, {
      claim: 'email_verified',
    });
  }
  const exp = own(payload, 'exp');
  if (exp !== undefined) {
    if (checkSeconds(exp, 'exp', 'exp', 'ERR_CLAIM_INVALID') <= now - clockTolerance) {
      throw new JwtError('ERR_JWT_EXPIRED', `the token expired: exp ${exp as number} is at or before now (${now}) minus the tolerance`, {
        claim: 'exp',
      });
    }
  } else if (requireExp) {
    throw new JwtError('ERR_CLAIM_INVALID', 'exp is required (requireExp is set): sign with an expiry', { claim: 'exp' });
  }
  const nbf = own(payload, 'nbf');
  if (nbf !== undefined && checkSeconds(nbf, 'nbf', 'nbf', 'ERR_CLAIM_INVALID') > now + clockTolerance) {
    throw new JwtError('ERR_JWT_NOT_YET_VALID', `the token is not valid yet: nbf ${nbf as number} is after now (${now}) plus the tolerance`, {
      claim: 'nbf',
    });
  }
  if (name !== undefined) user.name = name;
  if (emailVerified === true && email !== undefined) {
    user.email = email;
    user.emailVerified = true;
  }
  return user;
}

/** An own member only: a claim must never be read through `Object.prototype`. */
function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function checkWellFormed(value: string, field: string, claim: string): void {
  if (!value.isWellFormed()) {
    throw new JwtError('ERR_CLAIM_INVALID', `${field} has a lone surrogate (malformed UTF-16) and cannot be sent as UTF-8`, { claim });
  }
}

function codePointLength(value: string): number {
  let count = 0;
  // Stryker disable next-line EqualityOperator: `i <= value.length` is equivalent: one step past the end, charCodeAt gives NaN, which counts nothing.
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // In a well-formed string every low surrogate closes a pair already counted.
    if (unit < 0xdc00 || unit > 0xdfff) count++;
  }
  return count;
}

/** A value's kind for a message: never the value itself, which may be personal data. */
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

function describeNumber(value: unknown): string {
  return typeof value === 'number' ? String(value) : describe(value);
}
