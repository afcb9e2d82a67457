import { argument, attempt, describe, fail, guard, merge, number, own, type JwtErrorCode } from './errors.js';

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
  if (options !== undefined && Object.hasOwn(argument(options, 'options', 'ERR_OPTION_INVALID'), 'exp')) throw fail('ERR_OPTION_INVALID', 'options', 'not have exp', { fix: 'write expiresAt' });
  return merge(options, defaults, OPTION_KEYS);
}

/** {@link buildClaims} over a signer's defaults (read before). Internal. */
export function claimsFor(user: MessagingUser, options: ClaimOptions | undefined, defaults: ClaimOptions): MessagingClaims {
  const given = argument(user, 'user', 'ERR_CLAIM_INVALID');
  const has = (field: string) => Object.hasOwn(given, field);
  const [externalId, name, email, emailVerified] = [own(given, 'externalId'), own(given, 'name'), own(given, 'email'), own(given, 'emailVerified')];
  // The mistakes of a user object that is not one, each named with what to write instead.
  if (emailVerified === undefined && has('email_verified')) throw fail('ERR_CLAIM_INVALID', 'email_verified', 'be written emailVerified', { claim: 'email_verified' });
  if (externalId === undefined) {
    if (has('external_id')) throw fail('ERR_CLAIM_INVALID', 'external_id', 'be written externalId', { claim: 'external_id' });
    if (has('kid') && has('secret')) throw fail('ERR_CLAIM_INVALID', 'user', 'come first', { got: 'a signing key', claim: 'external_id', fix: 'the arguments are (user, key)' });
    if (['user_id', 'jti', 'iat'].some(has)) throw fail('ERR_CLAIM_INVALID', 'externalId', 'be given', { got: 'an SSO or Support SDK payload', claim: 'external_id' });
  }
  const claims: MessagingClaims = { scope: 'user', external_id: checkExternalId(externalId, 'externalId') };
  // null is absent here. Every field is checked even when dropped: a wrong type is a bug in the caller.
  const checkedName = checkOptional(name ?? undefined, 'string', 'name');
  const checkedEmail = checkOptional(email ?? undefined, 'string', 'email');
  if (checkedName !== undefined) claims.name = checkedName;
  // Zendesk ignores an email unless email_verified is true, so both go in together or not at all.
  if (checkOptional(emailVerified ?? undefined, 'boolean', 'emailVerified', 'email_verified') && checkedEmail !== undefined) {
    claims.email = checkedEmail;
    claims.email_verified = true;
  }
  const { expiresIn, expiresAt, now } = readClaimOptions(options, defaults);
  const nowSeconds = readNow(now);
  if (expiresIn != null && !(Number.isSafeInteger(expiresIn) && expiresIn > 0)) throw fail('ERR_CLAIM_INVALID', 'expiresIn', 'be a positive integer or null', { got: number(expiresIn), claim: 'exp' });
  // Ten minutes by default, as Zendesk advises a short expiry; expiresAt wins over expiresIn.
  const exp = typeof expiresAt === 'number' ? checkSeconds(expiresAt, 'exp', 'expiresAt', 'ERR_CLAIM_INVALID') : expiresAt !== undefined ? dateSeconds(expiresAt) : expiresIn === null ? undefined : nowSeconds + (expiresIn ?? 600);
  if (exp === undefined) return claims;
  // Past 10^11 (a far Date, a huge expiresIn), no verifier (ours included) would read exp as seconds.
  if (exp <= nowSeconds || exp > MILLISECONDS) throw fail('ERR_CLAIM_INVALID', 'exp', `be after now (${nowSeconds}) and before 10^11`, { got: exp, claim: 'exp' });
  claims.exp = exp;
  return claims;
}

function dateSeconds(expiresAt: Date): number {
  const invalid = (cause?: unknown) => fail('ERR_CLAIM_INVALID', 'expiresAt', 'be a valid Date or epoch seconds', { claim: 'exp', cause });
  // The Date's own time value: it runs no code of the caller's (an overridden getTime, a Proxy),
  // works for a Date of another realm, and throws for anything that is not a Date.
  const ms = attempt(() => Date.prototype.getTime.call(expiresAt), invalid);
  if (Number.isNaN(ms)) throw invalid();
  return Math.floor(ms / 1000);
}

/**
 * `external_id`: a well-formed string of 1 to 255 characters, counted as code points as Ruby and
 * Python count them (a UTF-16 `length` would refuse 255 emoji). Internal.
 */
export function checkExternalId(value: unknown, field: string): string {
  // Code points never outnumber UTF-16 units, so a short string needs no counting.
  const length = typeof value !== 'string' ? -1 : value.length > 255 ? [...value].length : value.length;
  if (length > 0 && length <= 255) return wellFormed(value as string, field, 'external_id');
  const got = length < 0 ? describe(value) : `${length} characters`;
  const fix = typeof value === 'number' || typeof value === 'bigint' ? 'pass String(id)' : undefined;
  throw fail('ERR_CLAIM_INVALID', field, 'be a string of 1 to 255 characters', { got, claim: 'external_id', fix });
}

/** `name`, `email` (well-formed strings) and `email_verified` (a boolean) when present (not undefined). Internal. */
export function checkOptional<T extends 'string' | 'boolean'>(value: unknown, type: T, field: string, claim = field) {
  if (value === undefined) return undefined;
  if (typeof value !== type) throw fail('ERR_CLAIM_INVALID', field, `be a ${type}`, { got: describe(value), claim });
  if (typeof value === 'string') wellFormed(value, field, claim);
  return value as T extends 'string' ? string : boolean;
}

/** A lone surrogate has no UTF-8 form: the bytes sent would not be the string checked. Internal. */
export function wellFormed(value: string, field: string, claim?: string, code: JwtErrorCode = 'ERR_CLAIM_INVALID'): string {
  if (!value.isWellFormed()) throw fail(code, field, 'be well-formed Unicode', { got: 'a lone surrogate', claim });
  return value;
}

/** Whole epoch seconds, refusing milliseconds (the commonest `exp` bug: `Date.now()` unscaled). Internal. */
export function checkSeconds(value: unknown, claim: string, field: string, code: JwtErrorCode): number {
  if (Number.isSafeInteger(value) && (value as number) <= MILLISECONDS) return value as number;
  // Past the first test, a whole number is above the threshold: milliseconds.
  const ms = Number.isSafeInteger(value);
  throw fail(code, field, 'be integer epoch seconds', ms ? { got: `${value as number} (milliseconds)`, claim, fix: 'divide by 1000' } : { got: number(value), claim });
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
  if (own(payload, 'scope') !== 'user') throw fail('ERR_CLAIM_INVALID', 'scope', 'be "user"', { claim: 'scope' });
  const user: MessagingUser = { externalId: checkExternalId(own(payload, 'external_id'), 'external_id') };
  const name = checkOptional(own(payload, 'name'), 'string', 'name');
  const email = checkOptional(own(payload, 'email'), 'string', 'email');
  const emailVerified = checkOptional(own(payload, 'email_verified'), 'boolean', 'email_verified');
  const [exp, nbf] = [seconds(payload, 'exp'), seconds(payload, 'nbf')];
  // Type-checked only, as jose, pyjwt and ruby-jwt do: jsonwebtoken writes it, and it decides nothing.
  seconds(payload, 'iat');
  if (exp !== undefined && exp <= now - clockTolerance) throw fail('ERR_JWT_EXPIRED', 'exp', `be after now - clockTolerance (${now - clockTolerance})`, { got: exp, claim: 'exp' });
  if (exp === undefined && requireExp) throw fail('ERR_CLAIM_INVALID', 'exp', 'be present (requireExp)', { claim: 'exp', fix: 'sign with an expiry' });
  if (nbf !== undefined && nbf > now + clockTolerance) throw fail('ERR_JWT_NOT_YET_VALID', 'nbf', `be at most now + clockTolerance (${now + clockTolerance})`, { got: nbf, claim: 'nbf' });
  if (name !== undefined) user.name = name;
  return emailVerified && email !== undefined ? Object.assign(user, { email, emailVerified: true }) : user;
}

/** A time claim of the payload, when present: whole seconds. */
function seconds(payload: Record<string, unknown>, claim: string): number | undefined {
  const value = own(payload, claim);
  return value === undefined ? undefined : checkSeconds(value, claim, claim, 'ERR_CLAIM_INVALID');
}
