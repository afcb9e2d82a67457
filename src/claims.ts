import { describe, describeNumber, must, readObject, type JwtErrorCode } from './errors.js';

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
const CLAIM_INVALID = 'ERR_CLAIM_INVALID';

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
  const { externalId, name, email, emailVerified } = readObject(user, 'user', CLAIM_INVALID, pickUser);
  const { expiresIn, expiresAt, now } = options === undefined ? {} : readObject(options, 'options', 'ERR_OPTION_INVALID', pickOptions);

  const claims: MessagingClaims = { scope: 'user', external_id: checkExternalId(externalId, 'externalId') };
  const checkedName = checkOptional(name, 'string', 'name', 'name', true);
  if (checkedName !== undefined) claims.name = checkedName;
  // Checked even when dropped: an email of the wrong type is a bug in the caller, not an absence.
  const checkedEmail = checkOptional(email, 'string', 'email', 'email', true);
  // Zendesk ignores an email unless email_verified is true, so both go in together or not at all.
  if (checkOptional(emailVerified, 'boolean', 'emailVerified', 'email_verified', true) && checkedEmail !== undefined) {
    claims.email = checkedEmail;
    claims.email_verified = true;
  }
  const nowSeconds = readNow(now);
  if (expiresIn !== undefined && expiresIn !== null && !(Number.isSafeInteger(expiresIn) && expiresIn > 0)) {
    throw must(CLAIM_INVALID, 'expiresIn', 'be a positive whole number of seconds, or null', describeNumber(expiresIn), 'exp');
  }
  const exp =
    expiresAt !== undefined ? expiresAtSeconds(expiresAt) : expiresIn === null ? undefined : nowSeconds + (expiresIn ?? DEFAULT_EXPIRES_IN);
  // A Date past the year 5138 or a huge expiresIn gives an exp that verifiers (ours included) read as
  // milliseconds, or one beyond exact integers: refuse to sign a token that no verifier accepts.
  if (exp !== undefined && checkSeconds(exp, 'exp', 'exp', CLAIM_INVALID) <= nowSeconds) {
    throw must(CLAIM_INVALID, 'exp', `be after now (${nowSeconds})`, exp, 'exp');
  }
  if (exp !== undefined) claims.exp = exp;
  return claims;
}

// Module-level, so a call allocates no closure: each field is read once, inside readObject's try.
const pickUser = (user: MessagingUser): MessagingUser => {
  const { externalId, name, email, emailVerified } = user;
  if (externalId === undefined && 'external_id' in user) {
    throw must(CLAIM_INVALID, 'externalId', 'be given', 'external_id', 'external_id', 'the user object takes camelCase names');
  }
  return { externalId, name, email, emailVerified };
};
const pickOptions = ({ expiresIn, expiresAt, now }: ClaimOptions): ClaimOptions => ({ expiresIn, expiresAt, now });

function expiresAtSeconds(expiresAt: unknown): number {
  if (typeof expiresAt === 'number') return checkSeconds(expiresAt, 'exp', 'expiresAt', CLAIM_INVALID);
  let ms = Number.NaN;
  let cause: unknown;
  try {
    // The Date's own time value: a Proxy, an overridden getTime or a non-Date throws here, inside the try,
    // and a Date from another realm (where instanceof says no) still works.
    ms = Date.prototype.getTime.call(expiresAt as Date);
  } catch (error) {
    cause = error;
  }
  if (Number.isNaN(ms)) {
    throw must(CLAIM_INVALID, 'expiresAt', 'be a valid Date or whole epoch seconds', cause === undefined ? 'an invalid Date' : describe(expiresAt), 'exp', '', cause);
  }
  return Math.floor(ms / 1000);
}

/**
 * `external_id`: a well-formed string of 1 to 255 characters, counted as code points as Ruby and
 * Python count them (a UTF-16 `length` would refuse 255 emoji).
 */
export function checkExternalId(value: unknown, field: string): string {
  let got: string;
  if (typeof value === 'string') {
    checkWellFormed(value, field, 'external_id');
    // Code points never outnumber UTF-16 units, so short strings need no counting.
    let length = value.length;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: `true` and `>=` only count code points where the UTF-16 length already settles it (equivalent); `false` and `<=` fail the 255-emoji tests.
    if (length > MAX_EXTERNAL_ID_CODE_POINTS) {
      length = 0;
      for (const _ of value) length++;
    }
    if (length > 0 && length <= MAX_EXTERNAL_ID_CODE_POINTS) return value;
    got = length ? `${length} characters` : 'an empty string';
  } else {
    got = describe(value);
  }
  const hint = typeof value === 'number' || typeof value === 'bigint' ? 'pass String(id)' : '';
  throw must(CLAIM_INVALID, field, `be a string of 1 to ${MAX_EXTERNAL_ID_CODE_POINTS} characters`, got, 'external_id', hint);
}

/**
 * `name`, `email` (well-formed strings) and `email_verified` (a boolean) when present.
 * `nullIsAbsent` on the signing side only.
 */
export function checkOptional<T extends 'string' | 'boolean'>(
  value: unknown,
  type: T,
  field: string,
  claim: string,
  nullIsAbsent: boolean,
): (T extends 'string' ? string : boolean) | undefined {
  if (value === undefined || (nullIsAbsent && value === null)) return undefined;
  // typeof against a literal: V8 compiles that to a type check, a variable to a string compare.
  if (type === 'string' ? typeof value !== 'string' : typeof value !== 'boolean') throw must(CLAIM_INVALID, field, `be a ${type}${nullIsAbsent ? ' or null' : ''}`, describe(value), claim);
  if (typeof value === 'string') checkWellFormed(value, field, claim);
  return value as T extends 'string' ? string : boolean;
}

/** Whole epoch seconds, refusing milliseconds (the commonest `exp` bug: `Date.now()` unscaled). */
export function checkSeconds(
  value: unknown,
  claim: string,
  field: string,
  code: 'ERR_CLAIM_INVALID' | 'ERR_OPTION_INVALID',
): number {
  if (!Number.isSafeInteger(value) || (value as number) > MILLISECONDS_THRESHOLD) {
    // Past the first test, only a whole number above the threshold is left: milliseconds.
    const ms = Number.isSafeInteger(value);
    const got = ms ? `${value as number} (milliseconds)` : describeNumber(value);
    throw must(code, field, 'be a whole number of seconds since the epoch', got, claim, ms ? 'divide by 1000' : '');
  }
  return value as number;
}

/** `now` as given (checked) or the clock, in whole seconds. */
export function readNow(now: unknown): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  const seconds = checkSeconds(now, 'now', 'now', 'ERR_OPTION_INVALID');
  if (seconds < 0) throw must('ERR_OPTION_INVALID', 'now', 'be 0 or more', seconds);
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
  if (own(payload, 'scope') !== 'user') throw must(CLAIM_INVALID, 'scope', 'be "user"', undefined, 'scope');
  const user: MessagingUser = { externalId: checkExternalId(own(payload, 'external_id'), 'external_id') };
  const name = checkOptional(own(payload, 'name'), 'string', 'name', 'name', false);
  const email = checkOptional(own(payload, 'email'), 'string', 'email', 'email', false);
  const emailVerified = checkOptional(own(payload, 'email_verified'), 'boolean', 'email_verified', 'email_verified', false);
  const exp = own(payload, 'exp');
  if (exp !== undefined) {
    if (checkSeconds(exp, 'exp', 'exp', CLAIM_INVALID) <= now - clockTolerance) {
      throw must('ERR_JWT_EXPIRED', 'exp', `be after now - clockTolerance (${now - clockTolerance})`, exp as number, 'exp');
    }
  } else if (requireExp) {
    throw must(CLAIM_INVALID, 'exp', 'be present (requireExp)', undefined, 'exp', 'sign with an expiry');
  }
  const nbf = own(payload, 'nbf');
  if (nbf !== undefined && checkSeconds(nbf, 'nbf', 'nbf', CLAIM_INVALID) > now + clockTolerance) {
    throw must('ERR_JWT_NOT_YET_VALID', 'nbf', `be at most now + clockTolerance (${now + clockTolerance})`, nbf as number, 'nbf');
  }
  if (name !== undefined) user.name = name;
  if (emailVerified && email !== undefined) {
    user.email = email;
    user.emailVerified = true;
  }
  return user;
}

/** An own member only: a claim or header member must never be read through `Object.prototype`. Internal. */
export function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A lone surrogate has no UTF-8 form: the bytes sent would not be the string checked. */
export function checkWellFormed(value: string, field: string, claim?: string, code: JwtErrorCode = CLAIM_INVALID): void {
  if (!value.isWellFormed()) throw must(code, field, 'be well-formed Unicode', 'a lone surrogate', claim);
}
