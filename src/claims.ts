import { argument, describe, fail, guard, merge, number, own, type JwtErrorCode } from './errors.js';

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

const CLAIM = 'ERR_CLAIM_INVALID';
/** Above this, an epoch value is milliseconds: 10^11 seconds is the year 5138. Internal. */
export const MILLISECONDS = 1e11;
/** No options, each field an own one: a field missing here must never be looked up on Object.prototype. Internal. */
export const NO_OPTIONS: ClaimOptions = { expiresIn: undefined, expiresAt: undefined, now: undefined };
const OPTION_KEYS = ['expiresIn', 'expiresAt', 'now'] as const;

/**
 * Build the claims Zendesk expects from what you know about a user.
 *
 * @param user - the signed-in user; `externalId` is required
 * @param options - expiry (`expiresIn`, `expiresAt`) and the clock (`now`)
 * @returns the payload, keys in Zendesk's documented order; the input is not modified
 * @throws {@link JwtError} `ERR_CLAIM_INVALID` (with `claim`) for a field that breaks a rule;
 *   `ERR_OPTION_INVALID` for a bad `now` or a misnamed option
 * @example
 * ```ts
 * buildClaims({ externalId: 'user-42', name: 'Jane Soap' }, { now: 1700000000 });
 * // { scope: 'user', external_id: 'user-42', name: 'Jane Soap', exp: 1700000600 }
 * ```
 */
export function buildClaims(user: MessagingUser, options?: ClaimOptions): MessagingClaims {
  return guard(() => claimsFor(user, options, NO_OPTIONS));
}

/** A call's claim options over a signer's defaults; `exp` is a misnamed `expiresAt`. Internal. */
export function readClaimOptions(options: ClaimOptions | undefined, defaults: ClaimOptions): ClaimOptions {
  if (options !== undefined && Object.hasOwn(argument(options, 'options', 'ERR_OPTION_INVALID'), 'exp')) {
    throw fail('ERR_OPTION_INVALID', 'options', 'not have exp', { fix: 'write expiresAt' });
  }
  return merge(options, defaults, OPTION_KEYS);
}

/** {@link buildClaims} over a signer's defaults (read before). Internal. */
export function claimsFor(user: MessagingUser, options: ClaimOptions | undefined, defaults: ClaimOptions): MessagingClaims {
  const given = argument(user, 'user', CLAIM);
  const [externalId, name, email, emailVerified] = [own(given, 'externalId'), own(given, 'name'), own(given, 'email'), own(given, 'emailVerified')];
  misnamed(given, externalId, emailVerified);
  const claims: MessagingClaims = { scope: 'user', external_id: checkExternalId(externalId, 'externalId') };
  const checkedName = checkOptional(name, 'string', 'name', 'name', true);
  if (checkedName !== undefined) claims.name = checkedName;
  // Checked even when dropped: an email of the wrong type is a bug in the caller, not an absence.
  const checkedEmail = checkOptional(email, 'string', 'email', 'email', true);
  // Zendesk ignores an email unless email_verified is true, so both go in together or not at all.
  const verified = checkOptional(emailVerified, 'boolean', 'emailVerified', 'email_verified', true);
  if (verified && checkedEmail !== undefined) {
    claims.email = checkedEmail;
    claims.email_verified = true;
  }
  const { expiresIn, expiresAt, now } = readClaimOptions(options, defaults);
  const nowSeconds = readNow(now);
  if (expiresIn !== undefined && expiresIn !== null && !(Number.isSafeInteger(expiresIn) && expiresIn > 0)) {
    throw fail(CLAIM, 'expiresIn', 'be a positive whole number of seconds, or null', { got: number(expiresIn), claim: 'exp' });
  }
  // Ten minutes by default, as Zendesk advises a short expiry; expiresAt wins over expiresIn.
  let exp = expiresIn === null ? undefined : nowSeconds + (expiresIn ?? 600);
  if (typeof expiresAt === 'number') exp = checkSeconds(expiresAt, 'exp', 'expiresAt', CLAIM);
  else if (expiresAt !== undefined) exp = dateSeconds(expiresAt);
  if (exp === undefined) return claims;
  // A far Date or a huge expiresIn: no verifier (ours included) would read that exp as seconds.
  if (exp > MILLISECONDS) throw fail(CLAIM, 'exp', 'be before the year 5138 (10^11 seconds)', { got: exp, claim: 'exp', fix: 'expire sooner' });
  if (exp <= nowSeconds) throw fail(CLAIM, 'exp', `be after now (${nowSeconds})`, { got: exp, claim: 'exp' });
  claims.exp = exp;
  return claims;
}

/** The mistakes of a user object that is not one, each named with what to write instead. */
function misnamed(user: object, externalId: unknown, emailVerified: unknown): void {
  const has = (field: string): boolean => Object.hasOwn(user, field);
  if (emailVerified === undefined && has('email_verified')) throw camelCase('emailVerified', 'email_verified');
  if (externalId !== undefined) return;
  if (has('external_id')) throw camelCase('externalId', 'external_id');
  if (has('kid') && has('secret')) throw fail(CLAIM, 'user', 'come first', { got: 'a signing key', claim: 'external_id', fix: 'the arguments are (user, key)' });
  const fix = 'messaging takes externalId, not an SSO or Support SDK payload';
  if (has('user_id') || has('jti') || has('iat')) throw fail(CLAIM, 'externalId', 'be given', { got: 'user_id, jti or iat', claim: 'external_id', fix });
}

const camelCase = (camel: string, snake: string) => fail(CLAIM, camel, 'be written in camelCase', { got: snake, claim: snake, fix: `the user object takes ${camel}` });

function dateSeconds(expiresAt: Date): number {
  let ms = Number.NaN;
  let cause: unknown;
  try {
    // The Date's own time value: it runs no code of the caller's (an overridden getTime, a Proxy),
    // works for a Date of another realm, and throws for anything that is not a Date.
    ms = Date.prototype.getTime.call(expiresAt);
  } catch (error) {
    cause = error;
  }
  const got = cause === undefined ? 'an invalid Date' : 'not a Date';
  if (Number.isNaN(ms)) throw fail(CLAIM, 'expiresAt', 'be a valid Date or whole epoch seconds', { got, claim: 'exp', cause });
  return Math.floor(ms / 1000);
}

/**
 * `external_id`: a well-formed string of 1 to 255 characters, counted as code points as Ruby and
 * Python count them (a UTF-16 `length` would refuse 255 emoji). Internal.
 */
export function checkExternalId(value: unknown, field: string): string {
  let length = typeof value === 'string' ? wellFormed(value, field, 'external_id').length : -1;
  // Code points never outnumber UTF-16 units, so a short string needs no counting.
  if (length > 255) length = [...(value as string)].length;
  if (length > 0 && length <= 255) return value as string;
  const got = length > 0 ? `${length} characters` : length === 0 ? 'an empty string' : describe(value);
  const fix = typeof value === 'number' || typeof value === 'bigint' ? 'pass String(id)' : undefined;
  throw fail(CLAIM, field, 'be a string of 1 to 255 characters', { got, claim: 'external_id', fix });
}

/** `name`, `email` (well-formed strings) and `email_verified` (a boolean) when present; `nullIsAbsent` on the signing side. Internal. */
export function checkOptional<T extends 'string' | 'boolean'>(value: unknown, type: T, field: string, claim: string, nullIsAbsent: boolean) {
  if (value === undefined || (nullIsAbsent && value === null)) return undefined;
  if (typeof value !== type) throw fail(CLAIM, field, `be a ${type}${nullIsAbsent ? ' or null' : ''}`, { got: describe(value), claim });
  if (typeof value === 'string') wellFormed(value, field, claim);
  return value as T extends 'string' ? string : boolean;
}

/** A lone surrogate has no UTF-8 form: the bytes sent would not be the string checked. Internal. */
export function wellFormed(value: string, field: string, claim?: string, code: JwtErrorCode = CLAIM): string {
  if (!value.isWellFormed()) throw fail(code, field, 'be well-formed Unicode', { got: 'a lone surrogate', claim });
  return value;
}

/** Whole epoch seconds, refusing milliseconds (the commonest `exp` bug: `Date.now()` unscaled). Internal. */
export function checkSeconds(value: unknown, claim: string, field: string, code: JwtErrorCode): number {
  if (Number.isSafeInteger(value) && (value as number) <= MILLISECONDS) return value as number;
  // Past the first test, a whole number is above the threshold: milliseconds.
  const ms = Number.isSafeInteger(value);
  const got = ms ? `${value as number} (milliseconds)` : number(value);
  throw fail(code, field, 'be a whole number of seconds since the epoch', { got, claim, fix: ms ? 'divide by 1000' : undefined });
}

/** `now` as given (checked) or the clock, in whole seconds. Internal. */
export function readNow(now: unknown): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  const seconds = checkSeconds(now, 'now', 'now', 'ERR_OPTION_INVALID');
  if (seconds < 0) throw fail('ERR_OPTION_INVALID', 'now', 'be 0 or more', { got: seconds, claim: 'now' });
  return seconds;
}

/**
 * The verifying side's reading of a signed payload, by the same rules as {@link buildClaims}.
 * Returns Zendesk's view of the user: the email only when `email_verified` is `true`. Internal.
 */
export function readVerifiedUser(payload: Record<string, unknown>, now: number, clockTolerance: number, requireExp: boolean): MessagingUser {
  if (own(payload, 'scope') !== 'user') throw fail(CLAIM, 'scope', 'be "user"', { claim: 'scope' });
  const user: MessagingUser = { externalId: checkExternalId(own(payload, 'external_id'), 'external_id') };
  const name = checkOptional(own(payload, 'name'), 'string', 'name', 'name', false);
  const email = checkOptional(own(payload, 'email'), 'string', 'email', 'email', false);
  const emailVerified = checkOptional(own(payload, 'email_verified'), 'boolean', 'email_verified', 'email_verified', false);
  const [earliest, latest] = [now - clockTolerance, now + clockTolerance];
  const exp = seconds(payload, 'exp');
  if (exp !== undefined && exp <= earliest) throw fail('ERR_JWT_EXPIRED', 'exp', `be after now - clockTolerance (${earliest})`, { got: exp, claim: 'exp' });
  if (exp === undefined && requireExp) throw fail(CLAIM, 'exp', 'be present (requireExp)', { claim: 'exp', fix: 'sign with an expiry' });
  const nbf = seconds(payload, 'nbf');
  if (nbf !== undefined && nbf > latest) throw fail('ERR_JWT_NOT_YET_VALID', 'nbf', `be at most now + clockTolerance (${latest})`, { got: nbf, claim: 'nbf' });
  // Type-checked only, as jose, pyjwt and ruby-jwt do: jsonwebtoken writes it, and it decides nothing.
  seconds(payload, 'iat');
  if (name !== undefined) user.name = name;
  return emailVerified && email !== undefined ? Object.assign(user, { email, emailVerified: true }) : user;
}

/** A time claim of the payload, when present: whole seconds. */
function seconds(payload: Record<string, unknown>, claim: string): number | undefined {
  const value = own(payload, claim);
  return value === undefined ? undefined : checkSeconds(value, claim, claim, CLAIM);
}
