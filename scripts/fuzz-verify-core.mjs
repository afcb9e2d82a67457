// The verify-side fuzzer: random and mutated tokens through verifyJwtSync.
// Shared by scripts/fuzz.mjs (the long run, over dist/) and test/fuzz.test.ts (a short run in
// npm test, over src/), so the library is passed in rather than imported.
//
// Generators: random strings, random base64url segments, edits of valid tokens (flip, insert,
// delete, swap and repeat segments, truncate), JSON built from hostile claim and header values and
// re-signed with the right key (so the claim checks run), JSON text edited character by character
// and re-signed, raw bytes (BOM, invalid UTF-8) re-signed.
//
// An iteration fails when
// - anything but a JwtError escapes, or a JwtError carries a code outside JwtErrorCode;
// - a token whose signature cannot be right is refused with a claim or date code (the payload
//   was trusted before the signature), or an edited token is accepted;
// - an accepted token breaks an invariant checked here independently of the library: three
//   canonical base64url segments, UTF-8 without BOM, JSON objects without a repeated top-level
//   name, alg HS256, typ absent or JWT, no crit/b64, a kid of the ring and its HMAC, the claims
//   by Zendesk's rules against now and the tolerance, and `user` read from them.
import { createHmac } from 'node:crypto';
import { CODES, randomFor } from './fuzz-shared.mjs';

export const NOW = 1_700_000_000;
export const KEYS = [
  { kid: 'app_5963ceb97cde542d000dbdb1', secret: 'fuzz-current-secret-0123456789abcdefghijkl' },
  { kid: 'app_previous_key', secret: 'fuzz-previous-secret-0123456789abcdefghijk' },
  { kid: '1', secret: Uint8Array.from({ length: 40 }, (_, i) => (i * 53 + 7) % 256) },
];
const SECRET_BY_KID = new Map(KEYS.map((k) => [k.kid, k.secret]));

export { CODES };
const CODE_SET = new Set(CODES);
/** What a token whose signature cannot be right may be refused with: nothing that reads the payload. */
const BEFORE_SIGNATURE = new Set(['ERR_JWT_MALFORMED', 'ERR_JWT_UNSUPPORTED', 'ERR_KID_UNKNOWN', 'ERR_SIGNATURE_INVALID']);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const b64 = (input) => Buffer.from(input).toString('base64url');
const hmac = (input, secret) => createHmac('sha256', secret).update(input).digest('base64url');

function randomChar(r) {
  switch (r.int(10)) {
    case 0: return r.pick(['.', '=', '+', '/', ' ', '\n', '\t', '\0', '"', '{', '}', '%']);
    case 1: return String.fromCharCode(r.int(0x80));
    case 2: return String.fromCharCode(0xd800 + r.int(0x800)); // lone surrogate
    case 3: return String.fromCodePoint(0x10000 + r.int(0x100000));
    case 4: return String.fromCharCode(r.int(0x10000));
    default: return B64URL[r.int(64)];
  }
}

function randomString(r, max) {
  let s = '';
  const n = r.int(max + 1);
  for (let i = 0; i < n; i++) s += randomChar(r);
  return s;
}

function randomB64(r, max) {
  let s = '';
  const n = r.int(max + 1);
  for (let i = 0; i < n; i++) s += B64URL[r.int(64)];
  return s;
}

function unicodeText(r, codePoints) {
  let s = '';
  for (let i = 0; i < codePoints; i++) {
    switch (r.int(5)) {
      case 0: s += String.fromCodePoint(0x1f600 + r.int(80)); break;
      case 1: s += String.fromCodePoint(0xe0 + r.int(0x500)); break;
      case 2: s += String.fromCodePoint(0x4e00 + r.int(0x5000)); break;
      default: s += String.fromCharCode(0x20 + r.int(0x5f));
    }
  }
  return s;
}

// Hostile values for each member; `undefined` leaves the member out.
const ABSENT = undefined;
function scopeValue(r) {
  return r.chance(0.8) ? 'user' : r.pick([ABSENT, 'User', 'USER', 'admin', 'user ', '', null, ['user'], 1, { scope: 'user' }]);
}
function externalIdValue(r) {
  if (r.chance(0.6)) return unicodeText(r, 1 + r.int(20));
  return r.pick([
    () => ABSENT,
    () => '',
    () => 12345678,
    () => null,
    () => ['1'],
    () => 'x'.repeat(255),
    () => 'x'.repeat(256),
    () => '😀'.repeat(255),
    () => '😀'.repeat(256),
    () => `a${String.fromCharCode(0xd800 + r.int(0x800))}`,
    () => unicodeText(r, 250 + r.int(10)),
  ])();
}
function optionalStringValue(r) {
  if (r.chance(0.5)) return ABSENT;
  if (r.chance(0.7)) return unicodeText(r, r.int(30));
  return r.pick([null, 42, true, ['a'], {}, String.fromCharCode(0xdc00)]);
}
function emailVerifiedValue(r) {
  return r.pick([ABSENT, ABSENT, true, true, false, 'true', 1, 0, null]);
}
function secondsValue(r, tolerance) {
  if (r.chance(0.3)) return ABSENT;
  const edge = r.pick([NOW, NOW - tolerance, NOW + tolerance]);
  return r.pick([
    () => edge + r.int(5) - 2,
    () => NOW + r.int(100000) - 50000,
    () => (NOW + 600) * 1000,
    () => 1e11,
    () => 1e11 + 1,
    () => NOW + 0.5,
    () => String(NOW + 600),
    () => null,
    () => -1,
    () => 0,
    () => 2 ** 53,
    () => [NOW + 600],
  ])();
}

function randomClaims(r, tolerance) {
  const claims = [
    ['scope', scopeValue(r)],
    ['external_id', externalIdValue(r)],
    ['name', optionalStringValue(r)],
    ['email', optionalStringValue(r)],
    ['email_verified', emailVerifiedValue(r)],
    // Without exp half the time, so that nbf is reached too.
    ['exp', r.chance(0.5) ? secondsValue(r, tolerance) : ABSENT],
  ];
  if (r.chance(0.4)) claims.push(['nbf', secondsValue(r, tolerance)]);
  if (r.chance(0.2)) claims.push(['iat', NOW - r.int(1000)]);
  if (r.chance(0.1)) claims.push(['__proto__', r.pick([{ scope: 'user' }, { email_verified: true, email: 'x@example.com' }, null, 1])]);
  if (r.chance(0.1)) claims.push([r.pick(['constructor', 'toString', 'hasOwnProperty', 'extra', '']), r.pick([1, 'x', {}, []])]);
  return claims.filter(([, value]) => value !== ABSENT);
}

function randomHeader(r) {
  const kid = r.chance(0.85)
    ? r.pick(KEYS).kid
    : r.pick([ABSENT, null, 1, '', '__proto__', 'constructor', 'toString', ['1'], 'app_unknown', `${KEYS[0].kid} `]);
  const members = [
    ['alg', r.chance(0.85) ? 'HS256' : r.pick([ABSENT, 'none', 'None', 'NONE', 'RS256', 'ES256', 'HS384', 'HS512', 'hs256', ['HS256'], null, ''])],
    ['typ', r.chance(0.8) ? r.pick(['JWT', ABSENT]) : r.pick(['jwt', 'JWS', 'at+jwt', null, '', ['JWT']])],
    ['kid', kid],
  ];
  if (r.chance(0.05)) members.push(['crit', r.pick([['exp'], [], null])]);
  if (r.chance(0.05)) members.push(['b64', r.pick([false, true])]);
  if (r.chance(0.05)) members.push([r.pick(['jku', 'jwk', 'x5u', 'cty', '__proto__']), r.pick(['https://attacker.example', { kty: 'oct' }, 'JWT'])]);
  if (r.chance(0.3)) shuffle(r, members);
  return members.filter(([, value]) => value !== ABSENT);
}

function shuffle(r, list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
}

/** A member name as JSON, sometimes with a character spelled as a \u escape (same name, other bytes). */
function jsonName(r, name) {
  if (name.length === 0 || !r.chance(0.1)) return JSON.stringify(name);
  const i = r.int(name.length);
  const escape = `\\u${name.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return `"${JSON.stringify(name).slice(1, -1).replace(/./gsu, (c, at) => (at === i ? escape : c))}"`;
}

/** JSON object text from members, with white space, escapes and sometimes a repeated member. */
function objectText(r, members) {
  const list = members.slice();
  if (list.length > 0 && r.chance(0.08)) {
    const [name] = r.pick(list);
    list.splice(r.int(list.length + 1), 0, [name, r.pick(['user', 'victim', true, NOW + 600])]);
  }
  const space = () => (r.chance(0.05) ? r.pick([' ', '\n', '\t', '\r\n  ']) : '');
  return `{${space()}${list.map(([name, value]) => `${jsonName(r, name)}${space()}:${space()}${JSON.stringify(value)}`).join(`,${space()}`)}${space()}}`;
}

/** Bytes for a JSON text, now and then broken as UTF-8 or wrapped in something that is not JSON. */
function textBytes(r, text) {
  const bytes = Buffer.from(text);
  if (!r.chance(0.06)) return bytes;
  switch (r.int(7)) {
    case 0: return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case 1: return Buffer.concat([bytes.subarray(0, -1), Buffer.from([r.pick([0xff, 0xc0, 0xed, 0xe2, 0x80])]), bytes.subarray(-1)]);
    case 2: return Buffer.from(text, 'utf16le');
    case 3: return Buffer.from(`[${text}]`);
    case 4: return Buffer.from(r.pick(['null', '"user"', '1', '', 'true', `${text}${text}`]));
    case 5: return bytes.subarray(0, r.int(bytes.length));
    default: return Buffer.from(text.replace('{', '{"a":1,'));
  }
}

function sign(r, headerSegment, payloadSegment) {
  const input = `${headerSegment}.${payloadSegment}`;
  const wrongKey = r.chance(0.05);
  const kid = readKid(headerSegment);
  const secret = wrongKey || !SECRET_BY_KID.has(kid) ? r.pick(KEYS).secret : SECRET_BY_KID.get(kid);
  return `${input}.${hmac(input, secret)}`;
}

function readKid(headerSegment) {
  try {
    const header = JSON.parse(Buffer.from(headerSegment, 'base64url').toString());
    return typeof header === 'object' && header !== null && Object.hasOwn(header, 'kid') ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/** A valid token: the library's own, or one laid out as jsonwebtoken, ruby-jwt or pyjwt lay it out. */
function validToken(r, lib) {
  const key = r.pick(KEYS);
  const user = { externalId: unicodeText(r, 1 + r.int(30)) };
  if (r.chance(0.5)) user.name = unicodeText(r, r.int(20));
  if (r.chance(0.5)) {
    user.email = `${unicodeText(r, 1 + r.int(8))}@example.com`;
    user.emailVerified = r.chance(0.7);
  }
  if (r.chance(0.6)) return lib.signJwtSync(user, key, { now: NOW, expiresIn: r.chance(0.2) ? null : 1 + r.int(7200) });
  const header = r.pick([
    `{"kid":${JSON.stringify(key.kid)},"alg":"HS256"}`,
    `{"alg":"HS256","kid":${JSON.stringify(key.kid)},"typ":"JWT"}`,
    `{"alg":"HS256","typ":"JWT","kid":${JSON.stringify(key.kid)}}`,
  ]);
  const payload = JSON.stringify({ scope: 'user', external_id: user.externalId, name: user.name, iat: NOW - 10, exp: NOW + 600 });
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${hmac(input, key.secret)}`;
}

function editOnce(r, token) {
  const i = r.int(token.length + 1);
  const segments = token.split('.');
  switch (r.int(9)) {
    case 0: return token.slice(0, i) + randomChar(r) + token.slice(i + 1);
    case 1: return token.slice(0, i) + B64URL[r.int(64)] + token.slice(i + 1);
    case 2: return token.slice(0, i) + randomChar(r) + token.slice(i);
    case 3: return token.slice(0, i) + token.slice(i + 1);
    case 4: return token.slice(0, i);
    case 5: shuffle(r, segments); return segments.join('.');
    case 6: segments.splice(r.int(segments.length + 1), 0, r.pick(segments)); return segments.join('.');
    case 7: {
      const c = token.charAt(i);
      const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
      return token.slice(0, i) + flipped + token.slice(i + 1);
    }
    default: return token.slice(0, i) + r.pick(['=', '==', ' ', '\n', '.', '+', '/', '%3D']) + token.slice(i);
  }
}

/** Each generator returns { kind, token, options, signed }: signed false means no valid HMAC is expected. */
const GENERATORS = [
  [10, 'random string', (r) => ({ token: randomString(r, 120), signed: false })],
  [10, 'random segments', (r) => {
    const n = r.pick([1, 2, 3, 3, 3, 4, 5]);
    const parts = Array.from({ length: n }, () => randomB64(r, 80));
    if (r.chance(0.3)) parts[0] = b64(`{"alg":"HS256","typ":"JWT","kid":${JSON.stringify(r.pick(KEYS).kid)}}`);
    return { token: parts.join('.'), signed: false };
  }],
  [25, 'edited valid token', (r, lib) => {
    const original = validToken(r, lib);
    let token = original;
    const edits = 1 + r.int(3);
    for (let i = 0; i < edits; i++) token = editOnce(r, token);
    return { token, signed: token === original, original };
  }],
  [30, 're-signed hostile claims', (r) => {
    const tolerance = r.chance(0.3) ? 30 : 0;
    const header = objectText(r, randomHeader(r));
    const payloadBytes = textBytes(r, objectText(r, randomClaims(r, tolerance)));
    const token = sign(r, b64(textBytes(r, header)), b64(payloadBytes));
    return { token, signed: null, options: { now: NOW, clockTolerance: tolerance, requireExp: r.chance(0.1) } };
  }],
  [10, 're-signed edited JSON text', (r) => {
    let text = objectText(r, randomClaims(r, 0));
    const edits = 1 + r.int(2);
    for (let e = 0; e < edits; e++) {
      const i = r.int(text.length + 1);
      const c = r.pick(['"', ',', ':', '{', '}', '[', ']', '\\', ' ', 'u', '0', 'e', '-', '.', randomChar(r)]);
      text = r.chance(0.5) ? text.slice(0, i) + c + text.slice(i + 1) : text.slice(0, i) + c + text.slice(i);
    }
    const header = b64(`{"alg":"HS256","typ":"JWT","kid":${JSON.stringify(r.pick(KEYS).kid)}}`);
    return { token: sign(r, header, b64(text)), signed: null };
  }],
  [10, 'header variants', (r) => {
    const header = objectText(r, randomHeader(r));
    return { token: sign(r, b64(header), b64(`{"scope":"user","external_id":"${r.int(1e6)}"}`)), signed: null };
  }],
  [5, 'hostile options', (r, lib) => {
    const options = r.pick([
      { now: NOW * 1000 }, { now: -1 }, { now: NOW + 0.5 }, { clockTolerance: -1 }, { clockTolerance: Number.NaN },
      { maxTokenLength: 0 }, { maxTokenLength: 1.5 }, { requireExp: 'yes' }, { maxTokenLength: 50 + r.int(300) }, null, 5,
    ]);
    return { token: validToken(r, lib), signed: null, options };
  }],
];
const TOTAL_WEIGHT = GENERATORS.reduce((sum, [w]) => sum + w, 0);

function pickGenerator(r) {
  let roll = r.int(TOTAL_WEIGHT);
  for (const generator of GENERATORS) {
    roll -= generator[0];
    if (roll < 0) return generator;
  }
  return GENERATORS[0];
}

// ---- The independent check of an accepted token ----

function canonicalSegment(segment) {
  return /^[A-Za-z0-9_-]*$/.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/** Top-level member names of a JSON object text, decoded, in order; a scanner of its own. */
function topLevelNames(text) {
  const names = [];
  let depth = 0;
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectName) names.push(JSON.parse(text.slice(i, j + 1)));
      expectName = false;
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      expectName = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (c === ',' && depth === 1) {
      expectName = true;
    }
  }
  return names;
}

function strictObject(segment, what) {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return [null, `${what} has a BOM`];
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return [null, `${what} is not UTF-8`];
  const value = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [null, `${what} is not an object`];
  const names = topLevelNames(text);
  if (new Set(names).size !== names.length) return [null, `${what} repeats a member name`];
  return [value, null];
}

const seconds = (v) => Number.isSafeInteger(v) && v <= 1e11;

function problemWithAccepted(token, result, options) {
  const now = options?.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options?.clockTolerance ?? 0;
  const segments = token.split('.');
  if (segments.length !== 3) return 'not three segments';
  if (!segments.every(canonicalSegment)) return 'a segment is not canonical base64url';
  if (token.length > (options?.maxTokenLength ?? 8192)) return 'longer than maxTokenLength';
  const [header, headerProblem] = strictObject(segments[0], 'header');
  if (headerProblem) return headerProblem;
  const [claims, claimsProblem] = strictObject(segments[1], 'payload');
  if (claimsProblem) return claimsProblem;
  if (JSON.stringify(header) !== JSON.stringify(result.header)) return 'header differs from the token';
  if (JSON.stringify(claims) !== JSON.stringify(result.claims)) return 'claims differ from the token';
  if (!Object.hasOwn(header, 'alg') || header.alg !== 'HS256') return 'alg is not HS256';
  if (Object.hasOwn(header, 'typ') && header.typ !== 'JWT') return 'typ is not JWT';
  if (Object.hasOwn(header, 'crit') || Object.hasOwn(header, 'b64')) return 'crit or b64 accepted';
  if (!Object.hasOwn(header, 'kid') || typeof header.kid !== 'string' || !SECRET_BY_KID.has(header.kid)) return 'kid not in the ring';
  if (hmac(`${segments[0]}.${segments[1]}`, SECRET_BY_KID.get(header.kid)) !== segments[2]) return 'signature does not match';
  const own = (name) => (Object.hasOwn(claims, name) ? claims[name] : undefined);
  if (own('scope') !== 'user') return 'scope is not user';
  const id = own('external_id');
  if (typeof id !== 'string' || !id.isWellFormed() || [...id].length < 1 || [...id].length > 255) return 'bad external_id';
  for (const name of ['name', 'email']) {
    const v = own(name);
    if (v !== undefined && (typeof v !== 'string' || !v.isWellFormed())) return `bad ${name}`;
  }
  const verified = own('email_verified');
  if (verified !== undefined && typeof verified !== 'boolean') return 'bad email_verified';
  const exp = own('exp');
  if (exp === undefined ? options?.requireExp === true : !seconds(exp) || exp <= now - tolerance) return 'bad or expired exp';
  const nbf = own('nbf');
  if (nbf !== undefined && (!seconds(nbf) || nbf > now + tolerance)) return 'bad or future nbf';
  const user = { externalId: id };
  if (own('name') !== undefined) user.name = own('name');
  if (verified === true && own('email') !== undefined) Object.assign(user, { email: own('email'), emailVerified: true });
  if (JSON.stringify(user) !== JSON.stringify(result.user)) return 'user is not Zendesk’s reading of the claims';
  return null;
}

/** A short, reproducible description of an input (JSON-escaped, so lone surrogates and controls show). */
function show(value) {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…(${text.length} chars)` : text);
}

/**
 * Run `count` iterations (or only iteration `only`) through `lib.verifyJwtSync`.
 * @returns counts by outcome, counts by generator and outcome, and the failures
 */
export function runVerifyFuzz(lib, { count, seed, only, maxFailures = 20, onProgress }) {
  const counts = Object.fromEntries([...CODES, 'accepted'].map((c) => [c, 0]));
  const byGenerator = {};
  const failures = [];
  let failed = 0;
  let iterations = 0;
  const first = only ?? 0;
  const last = only === undefined ? count : only + 1;
  const fail = (iteration, kind, what, token, options, error) => {
    failed++;
    if (failures.length < maxFailures) {
      failures.push({ iteration, kind, what, input: show(token), options: JSON.stringify(options), error: error === undefined ? undefined : String(error?.stack ?? error) });
    }
  };
  for (let i = first; i < last; i++) {
    iterations++;
    const r = randomFor(seed, i);
    const [, kind, generate] = pickGenerator(r);
    const { token, signed, options } = generate(r, lib);
    let outcome;
    try {
      const result = lib.verifyJwtSync(token, KEYS, options === undefined ? { now: NOW } : options);
      outcome = 'accepted';
      if (signed === false) fail(i, kind, 'an edited or random token was accepted', token, options);
      else {
        const problem = problemWithAccepted(token, result, options === undefined ? { now: NOW } : options);
        if (problem) fail(i, kind, `accepted, but ${problem}`, token, options);
      }
    } catch (error) {
      if (!lib.JwtError.is(error) || !(error instanceof Error)) {
        fail(i, kind, 'a non-JwtError escaped', token, options, error);
        outcome = 'NOT A JwtError';
      } else if (!CODE_SET.has(error.code)) {
        fail(i, kind, `unknown code ${String(error.code)}`, token, options, error);
        outcome = 'UNKNOWN CODE';
      } else {
        outcome = error.code;
        if (signed === false && !BEFORE_SIGNATURE.has(outcome) && outcome !== 'ERR_OPTION_INVALID') {
          fail(i, kind, `${outcome} for a token with no valid signature: the payload was read before the signature`, token, options, error);
        }
      }
    }
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    const perKind = (byGenerator[kind] ??= {});
    perKind[outcome] = (perKind[outcome] ?? 0) + 1;
    if (onProgress && iterations % 100_000 === 0) onProgress(iterations, failed);
  }
  return { counts, byGenerator, failures, failed, iterations };
}
