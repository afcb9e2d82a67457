// The CLI's `inspect` and `explain`: a lenient reading of a token and every Zendesk rule it
// breaks, with what to change. Internal: only src/cli.ts imports it, never src/index.ts.
import { canonical } from './base64url.js';
import { MILLISECONDS } from './claims.js';
import { JwtError, own, type JwtErrorCode } from './errors.js';
import { VISIBLE_ASCII } from './sign.js';
import { decodeJwt } from './verify.js';

export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a token, and what to change. */
export interface Finding {
  id: FindingId;
  severity: Severity;
  message: string;
  fix: string;
}

/** What `inspect` read. `header`/`payload` are undefined when that part could not be read at all. */
export interface Inspection {
  header: Record<string, unknown> | undefined;
  payload: Record<string, unknown> | undefined;
  findings: Finding[];
  signatureChecked: false;
}

/** Every finding `inspect` can report, with its severity and the fix: the troubleshooting guide lists them all. */
export const FINDINGS = {
  'bearer-prefix': ['error', 'Hand the widget the bare token: drop "Bearer " (that prefix belongs in an Authorization header, not in the jwtCallback).'],
  'json-body': ['error', 'The text is the endpoint\'s JSON answer, not the token: hand the widget its "jwt" member (createJwtCallback from zendesk-messaging-jwt/widget does).'],
  'quoted': ['error', 'Drop the quotes around the token: pass the string itself, not its JSON or shell quoting.'],
  'not-three-segments': ['error', 'Send the compact JWT exactly as signed: header.payload.signature, nothing around it (no "Bearer ", no quotes).'],
  'base64url-noncanonical': ['error', 'Encode each segment as unpadded base64url (RFC 7515 §2): no "=", no "+" or "/", no white space. Use a JWT library, not btoa.'],
  'segment-unreadable': ['error', 'The segment is not base64 at all: the token was cut or altered in transit. Copy it again from where it is signed.'],
  'not-json-object': ['error', 'Header and payload must each be a UTF-8 JSON object, without a byte-order mark.'],
  'strict-decode-refused': ['error', 'A strict verifier (this library, and so the reading Zendesk documents) refuses the structure: fix the finding above it, or sign with this library.'],
  'alg-not-hs256': ['error', 'Sign with HS256 (HMAC-SHA256) and the shared secret; Zendesk does not support RS256, ES256 or "none".'],
  'typ-missing': ['info', 'Zendesk documents typ "JWT" as required; add it to the header. Verifiers that follow ruby-jwt accept a token without it.'],
  'typ-wrong': ['error', 'Set typ to exactly "JWT", or leave it out.'],
  'kid-missing': ['error', 'Put the signing key id from Admin Center in the header: { kid: "app_…" }. jsonwebtoken: sign(payload, secret, { header: { kid } }).'],
  'kid-account-key': ['error', 'An act_ key id is a Sunshine Conversations account key for the API, not a messaging signing key: create one in Admin Center > Account > Security > End user authentication (its id starts with app_) and sign with that.'],
  'kid-invalid': ['error', 'kid must be the key id string from Admin Center (visible ASCII, e.g. app_5963ceb97cde542d000dbdb1).'],
  'header-unsupported-member': ['error', 'Remove crit and b64 from the header: Zendesk tokens are plain JWS.'],
  'scope-missing': ['error', 'Add scope: "user" to the payload.'],
  'scope-app': ['error', 'scope "app" is for Sunshine Conversations API tokens (server to server); a messaging end-user token needs scope "user" and external_id.'],
  'scope-wrong': ['error', 'scope must be exactly the lowercase string "user".'],
  'support-sdk-payload': ['error', 'This looks like the Support SDK or Support SSO JWT (user_id, or name/email with jti/iat and no scope). Messaging needs its own token: header kid; payload scope "user" and external_id.'],
  'camelcase-claims': ['error', 'Claim names are snake_case: external_id and email_verified, not externalId and emailVerified.'],
  'external-id-missing': ['error', 'Add external_id: your own stable id for the user, as a string.'],
  'external-id-number': ['error', 'external_id must be a JSON string: sign String(id), not the number.'],
  'external-id-not-string': ['error', 'external_id must be a string of 1 to 255 characters.'],
  'external-id-empty': ['error', 'external_id must not be empty: use your own stable user id.'],
  'external-id-too-long': ['error', 'external_id is at most 255 characters: use a shorter stable id (a database id or UUID, not a profile dump).'],
  'string-not-well-formed': ['error', 'The string holds a lone surrogate (\\ud800 style escape) that has no UTF-8 form: fix the source text.'],
  'name-not-string': ['error', 'name must be a string; leave it out when you have none.'],
  'email-not-string': ['error', 'email must be a string; leave it out when you have none.'],
  'email-without-verified': ['warning', 'Zendesk ignores email unless email_verified is true: set email_verified: true if the user proved they own it, or drop email.'],
  'email-verified-not-boolean': ['error', 'email_verified must be the JSON boolean true or false, not a string or a number.'],
  'email-verified-without-email': ['info', 'email_verified has nothing to vouch for without email: add the email or drop the flag.'],
  'exp-milliseconds': ['error', 'exp is in milliseconds: JWT times are seconds. Use Math.floor(Date.now() / 1000) + 600, not Date.now() + 600000.'],
  'exp-not-integer': ['error', 'exp must be a whole number of seconds since the epoch (a JSON integer, not a string or a fraction).'],
  'exp-expired': ['error', 'The token has expired: sign a fresh one for every login, and check the server clock.'],
  'exp-missing': ['info', 'exp is optional, but Zendesk recommends a short expiry: sign with exp (this library defaults to 600 seconds).'],
  'exp-far': ['info', 'exp is more than a day away: Zendesk recommends a short expiry, such as 10 minutes, to limit a leaked token.'],
  'nbf-milliseconds': ['error', 'nbf is in milliseconds: JWT times are seconds.'],
  'nbf-not-integer': ['error', 'nbf must be a whole number of seconds since the epoch.'],
  'nbf-future': ['error', 'nbf is in the future: the token is not valid yet. Drop nbf or check the server clock.'],
  'iat-milliseconds': ['warning', 'iat is in milliseconds: JWT times are seconds. (Zendesk does not need iat; drop it or fix it.)'],
  'signature-missing': ['error', 'The token is unsigned: sign it with HS256 and the shared secret.'],
  'signature-wrong-length': ['error', 'An HS256 signature is 32 bytes (43 base64url characters): sign with HS256, and do not cut the token.'],
} as const satisfies Record<string, readonly [Severity, string]>;

export type FindingId = keyof typeof FINDINGS;

/** What each JwtError code means for an integrator, and how to fix it. */
export const CODE_EXPLANATIONS: Record<JwtErrorCode, string> = {
  ERR_CLAIM_INVALID:
    'A claim or user field breaks a Zendesk rule (the error names the claim): scope must be "user", external_id a string of 1 to 255 characters, exp whole seconds, email_verified a boolean, name and email strings.',
  ERR_KEY_INVALID:
    'The key cannot be right: kid must be the key id from Admin Center (visible ASCII) and the secret at least 32 bytes with no surrounding white space (a newline from an env file is the usual cause). A keyring must not be empty or repeat a kid.',
  ERR_JWT_MALFORMED:
    'The text is not a JWT: three strict base64url segments of UTF-8 JSON objects, at most 8192 characters. Pass the token exactly as signed; run inspect to see which part is wrong.',
  ERR_JWT_UNSUPPORTED: 'The header asks for something Zendesk does not use: alg must be HS256, typ "JWT" or absent, and no crit or b64.',
  ERR_KID_UNKNOWN:
    'The header has no kid, or a kid none of the given keys has: sign with the key id from Admin Center, and verify with that key (keep the previous key in the keyring while rotating).',
  ERR_SIGNATURE_INVALID:
    'The signature does not match: the secret is wrong for this kid (a different key, a truncated copy, base64-decoded bytes instead of the string), or the token was altered.',
  ERR_JWT_EXPIRED: 'exp is in the past: sign a fresh token for each login, keep clocks in sync, or allow a small clockTolerance.',
  ERR_JWT_NOT_YET_VALID: 'nbf is in the future: the signing server clock is ahead, or nbf was set wrong. Drop nbf or sync the clocks.',
  ERR_RUNTIME_UNSUPPORTED:
    'A *Sync function was called where the runtime has no node:crypto (browsers, workerd without nodejs_compat, Vercel Edge): use the async signJwt/verifyJwt.',
  ERR_OPTION_INVALID:
    'An option cannot be right: now must be whole seconds (not milliseconds), clockTolerance not negative, maxTokenLength at least 1, handler options of the documented types.',
};

const ONE_DAY = 86_400;
const LENIENT_BASE64 = /^[A-Za-z0-9_+/-]*={0,2}$/;

/**
 * Read a token as leniently as possible and list every rule it breaks. Checks no signature.
 * `now` is epoch seconds.
 */
export function inspectToken(token: string, now: number): Inspection {
  const findings: Finding[] = [];
  const add = (id: FindingId, message: string): void => {
    const [severity, fix] = FINDINGS[id];
    findings.push({ id, severity, message, fix });
  };
  const text = unwrap(token.trim(), add);
  const segments = text.split('.');
  if (segments.length !== 3) {
    add('not-three-segments', `the text has ${segments.length} segment${segments.length === 1 ? '' : 's'} separated by "."; a JWT has 3`);
  }
  // split always gives at least one segment.
  const header = readSegment(segments[0] as string, 'header', add);
  const payload = segments.length > 1 ? readSegment(segments[1] as string, 'payload', add) : undefined;
  if (header) lintHeader(header, add);
  if (payload) lintPayload(payload, now, add);
  if (segments.length === 3) lintSignature(segments[2] as string, add);

  try {
    decodeJwt(text);
  } catch (error) {
    // Only worth saying when nothing above already explains why a strict verifier refuses it.
    if (JwtError.is(error) && !findings.some((finding) => STRUCTURAL.has(finding.id))) {
      add('strict-decode-refused', error.message);
    }
  }
  return { header, payload, findings, signatureChecked: false };
}

const STRUCTURAL = new Set<FindingId>(['bearer-prefix', 'json-body', 'quoted', 'not-three-segments', 'base64url-noncanonical', 'segment-unreadable', 'not-json-object']);

type Add = (id: FindingId, message: string) => void;

const BEARER = /^bearer\s+/i;
const QUOTED = /^(["'`])([\s\S]*)\1$/;
const COMPACT = /^[^.\s]+\.[^.\s]+\.[^.\s]*$/;

/**
 * The token inside what was pasted: a `Bearer ` prefix, quotes, or the endpoint's JSON answer
 * around it are reported and taken off (in any nesting), so the token itself is still read.
 */
function unwrap(text: string, add: Add): string {
  for (;;) {
    const bearer = BEARER.exec(text);
    const quoted = QUOTED.exec(text);
    const member = text.startsWith('{') ? tokenMember(text) : undefined;
    if (bearer) {
      add('bearer-prefix', 'the text starts with "Bearer "');
      text = text.slice(bearer[0].length);
    } else if (quoted) {
      add('quoted', `the token is wrapped in ${quoted[1]} quotes`);
      text = (quoted[2] as string).trim();
    } else if (member) {
      add('json-body', `the text is a JSON object; its ${JSON.stringify(member[0])} member holds the token`);
      text = member[1].trim();
    } else return text;
  }
}

/** The first member of a JSON object text whose value looks like a compact JWT. */
function tokenMember(text: string): [string, string] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // The text starts with "{", so what parsed is an object.
  return Object.entries(value as object).find((entry): entry is [string, string] => typeof entry[1] === 'string' && COMPACT.test(entry[1].trim()));
}

function readSegment(segment: string, what: string, add: Add): Record<string, unknown> | undefined {
  const bytes = lenientBase64Decode(segment);
  if (bytes === undefined) {
    add('segment-unreadable', `the ${what} segment is not base64 or base64url`);
    return undefined;
  }
  if (!isCanonical(segment)) {
    add('base64url-noncanonical', `the ${what} segment is not canonical base64url (padding, + or /, or stray low bits)`);
  }
  let value: unknown;
  try {
    // Leniently: the decoder drops a byte-order mark, which the strict reading then reports.
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    add('not-json-object', `the ${what} is not UTF-8 JSON`);
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add('not-json-object', `the ${what} is JSON but not an object`);
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** base64 or base64url, padded or not; undefined when it is neither. */
function lenientBase64Decode(segment: string): Uint8Array | undefined {
  if (!LENIENT_BASE64.test(segment)) return undefined;
  const base64 = segment.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  // With only alphabet characters and a possible length, atob cannot throw.
  return base64.length % 4 === 1 ? undefined : Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/** True when the segment is the one spelling of its bytes, by the core's strict check. */
function isCanonical(segment: string): boolean {
  try {
    canonical(segment);
    return true;
  } catch {
    return false;
  }
}

function lintHeader(header: Record<string, unknown>, add: Add): void {
  const alg = own(header, 'alg');
  if (alg !== 'HS256') add('alg-not-hs256', alg === undefined ? 'the header has no alg' : `alg is ${JSON.stringify(alg)}`);
  if (!Object.hasOwn(header, 'typ')) add('typ-missing', 'the header has no typ');
  else if (header.typ !== 'JWT') add('typ-wrong', `typ is ${JSON.stringify(header.typ)}`);
  const kid = own(header, 'kid');
  if (kid === undefined) add('kid-missing', 'the header has no kid');
  else if (typeof kid !== 'string' || !VISIBLE_ASCII.test(kid)) add('kid-invalid', `kid is ${typeof kid === 'string' ? 'not visible ASCII' : `a ${typeof kid}`}`);
  else if (kid.startsWith('act_')) add('kid-account-key', `kid ${JSON.stringify(kid)} is an account key id`);
  for (const member of ['crit', 'b64']) {
    if (Object.hasOwn(header, member)) add('header-unsupported-member', `the header has "${member}"`);
  }
}

function lintPayload(payload: Record<string, unknown>, now: number, add: Add): void {
  const has = (key: string): boolean => Object.hasOwn(payload, key);
  const supportStyle = has('user_id') || (!has('scope') && !has('external_id') && (has('jti') || has('iat')) && (has('name') || has('email')));
  if (supportStyle) {
    const missing = ['scope', 'external_id'].filter((claim) => !has(claim));
    add('support-sdk-payload', `the payload has ${['user_id', 'jti', 'iat', 'name', 'email'].filter(has).join(', ')}${missing.length > 0 ? ` and no ${missing.join(' or ')}` : ''}`);
  }
  const camel = ['externalId', 'emailVerified'].filter(has);
  if (camel.length > 0) add('camelcase-claims', `the payload has ${camel.join(' and ')}`);

  const scope = own(payload, 'scope');
  if (scope === undefined) add('scope-missing', 'the payload has no scope');
  else if (scope === 'app') add('scope-app', 'scope is "app"');
  else if (scope !== 'user') add('scope-wrong', `scope is ${JSON.stringify(scope)}`);

  const externalId = own(payload, 'external_id');
  if (externalId === undefined) add('external-id-missing', 'the payload has no external_id');
  else if (typeof externalId === 'number') add('external-id-number', `external_id is the number ${externalId}`);
  else if (typeof externalId !== 'string') add('external-id-not-string', `external_id is ${externalId === null ? 'null' : `a${Array.isArray(externalId) ? 'n array' : ` ${typeof externalId}`}`}`);
  else if (externalId.length === 0) add('external-id-empty', 'external_id is an empty string');
  else if ([...externalId].length > 255) add('external-id-too-long', `external_id is ${[...externalId].length} characters`);

  for (const key of ['external_id', 'name', 'email']) {
    const value = own(payload, key);
    if (typeof value === 'string' && !value.isWellFormed()) add('string-not-well-formed', `${key} has a lone surrogate`);
  }
  const name = own(payload, 'name');
  if (name !== undefined && typeof name !== 'string') add('name-not-string', `name is ${name === null ? 'null' : `a ${typeof name}`}`);
  const email = own(payload, 'email');
  const emailVerified = own(payload, 'email_verified');
  if (email !== undefined && typeof email !== 'string') add('email-not-string', `email is ${email === null ? 'null' : `a ${typeof email}`}`);
  if (emailVerified !== undefined && typeof emailVerified !== 'boolean') {
    add('email-verified-not-boolean', `email_verified is ${JSON.stringify(emailVerified)}`);
  }
  if (email !== undefined && emailVerified !== true) {
    add('email-without-verified', emailVerified === undefined ? 'email is present without email_verified' : `email is present with email_verified ${JSON.stringify(emailVerified)}`);
  }
  if (email === undefined && emailVerified !== undefined) add('email-verified-without-email', 'email_verified is present without email');

  const exp = own(payload, 'exp');
  if (exp === undefined) add('exp-missing', 'the payload has no exp');
  else if (lintTime(exp, 'exp', add)) {
    const seconds = exp as number;
    if (seconds <= now) add('exp-expired', `exp ${seconds} (${isoSeconds(seconds)}) is ${now - seconds} seconds before now (${isoSeconds(now)})`);
    else if (seconds - now > ONE_DAY) add('exp-far', `exp ${seconds} is ${Math.round((seconds - now) / 3600)} hours from now`);
  }
  const nbf = own(payload, 'nbf');
  if (nbf !== undefined && lintTime(nbf, 'nbf', add) && (nbf as number) > now) {
    add('nbf-future', `nbf ${nbf as number} is ${(nbf as number) - now} seconds after now`);
  }
  const iat = own(payload, 'iat');
  if (typeof iat === 'number' && iat > MILLISECONDS) add('iat-milliseconds', `iat ${iat} is in milliseconds`);
}

/** True when `value` is usable whole seconds; otherwise reports why. */
function lintTime(value: unknown, claim: 'exp' | 'nbf', add: Add): boolean {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > MILLISECONDS) {
    add(`${claim}-milliseconds`, `${claim} ${value} is milliseconds (${isoSeconds(Math.floor(value / 1000))} if divided by 1000)`);
    return false;
  }
  if (!Number.isSafeInteger(value)) {
    add(`${claim}-not-integer`, `${claim} is ${typeof value === 'string' ? `the string ${JSON.stringify(value)}` : JSON.stringify(value)}`);
    return false;
  }
  return true;
}

function lintSignature(signature: string, add: Add): void {
  if (signature === '') {
    add('signature-missing', 'the signature segment is empty');
    return;
  }
  const bytes = lenientBase64Decode(signature);
  if (bytes === undefined) add('segment-unreadable', 'the signature segment is not base64 or base64url');
  else {
    if (!isCanonical(signature)) {
      add('base64url-noncanonical', 'the signature segment is not canonical base64url (padding, + or /, or stray low bits)');
    }
    if (bytes.length !== 32) add('signature-wrong-length', `the signature is ${bytes.length} bytes`);
  }
}

function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? 'out of range' : date.toISOString();
}

/** The most `inspect` reads: a Zendesk token is a few hundred bytes; 64 KB is far past any real one. */
export const MAX_INPUT_BYTES = 64 * 1024;

// C0 and C1 controls (C1 U+009B is a terminal's CSI), DEL, and the invisible and bidi controls
// that can make printed text read differently from what it is (Trojan Source, CVE-2021-42574).
// Line feed stays: the CLI's own output is lines.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/**
 * Text for a terminal: every control, bidi or invisible formatting character written as a
 * `\uXXXX` escape. Inside JSON strings the escape means the same character, so JSON output
 * stays valid and equal.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The explanation for a JwtError code or a finding id, or undefined for anything else. */
export function explain(name: string): { kind: 'code' | 'finding'; severity?: Severity; text: string } | undefined {
  if (Object.hasOwn(CODE_EXPLANATIONS, name)) return { kind: 'code', text: CODE_EXPLANATIONS[name as JwtErrorCode] };
  if (Object.hasOwn(FINDINGS, name)) {
    const [severity, text] = FINDINGS[name as FindingId];
    return { kind: 'finding', severity, text };
  }
  return undefined;
}
