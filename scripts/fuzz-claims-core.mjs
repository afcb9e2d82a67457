// The sign-side fuzzer: buildClaims, signJwtSync, signJwt and createSigner fed arbitrary input
// (wrong types, huge strings, lone surrogates, throwing getters and Proxy traps, revoked
// Proxies, frozen and null-prototype objects, arrays, symbols, bigints, odd secrets).
// Shared by scripts/fuzz-claims.mjs (the long run, over dist/) and test/fuzz-claims.test.ts
// (a short run in npm test, over src/), so the library is passed in rather than imported.
//
// Each iteration fails when
// - anything but a JwtError escapes (or an async call throws instead of rejecting),
// - an error's message, String(), JSON, util.inspect form or cause's message contains the
//   secret (every secret made here carries SECRET_MARK) or a user's personal data (PII_MARK),
// - a result breaks an invariant: claims as DESIGN.md describes them, a signed token that
//   verifies back to the same claims, a bad key refused with ERR_KEY_INVALID (after a bad user, which is read first), the input left as it was.
import { inspect } from 'node:util';
import { CODES, randomFor } from './fuzz-shared.mjs';

/** In every secret this fuzzer makes: no error text may ever contain it. */
export const SECRET_MARK = 'Qz9vK3wXsecret';
/** A valid secret (40 bytes) that carries the mark. */
export const FUZZ_SECRET = `zmj-fuzz-${SECRET_MARK}-6b1f0c2e9a4d4e7b`;
/** In personal strings (externalId, name, email): messages describe a value's kind, never the value. */
export const PII_MARK = 'Pii4mArk';

const SECRET_BYTES = new TextEncoder().encode(FUZZ_SECRET);
const MARK_BYTES = [...new TextEncoder().encode(SECRET_MARK)];
// The forms the mark's bytes take in inspect() and JSON of a Uint8Array, and as hex.
const NEEDLES = [
  SECRET_MARK,
  MARK_BYTES.join(', '),
  MARK_BYTES.join(','),
  Buffer.from(SECRET_MARK).toString('hex'),
  PII_MARK,
];

const CODE_SET = new Set(CODES);
const CLAIM_NAMES = new Set(['external_id', 'name', 'email', 'email_verified', 'exp', 'now']);
const CLAIM_KEY_ORDER = ['scope', 'external_id', 'name', 'email', 'email_verified', 'exp'];
const NOW = 1_700_000_000;

// ---------------------------------------------------------------- generators
// Each returns [value, label]; a label names what was made, so a failure can be read without
// printing a hostile value. ctx.stable stays true while everything made is plain data.

const ASTRAL = ['😀', '𝄞', '🇳🇿', '👩‍👩‍👧'];
const ODD_CHARS = ['"', '\\', '\n', '\u2028', '\u0000', '</script>', ' ', '\t', 'é', 'e\u0301', '\ufeff', '𝄞'];

function randomText(r, maxUnits) {
  let s = '';
  const n = r.int(maxUnits + 1);
  while (s.length < n) {
    const kind = r.int(10);
    if (kind < 5) s += String.fromCharCode(0x61 + r.int(26));
    else if (kind < 7) s += r.pick(ODD_CHARS);
    else if (kind < 8) s += r.pick(ASTRAL);
    else s += String.fromCodePoint(r.chance(0.1) ? 0x10000 + r.int(0xfffff) : 0x20 + r.int(0xd7df));
  }
  return s;
}

/** A personal string: usually valid, sometimes empty, too long, huge or with a lone surrogate. */
function personalString(r) {
  const k = r.int(20);
  if (k < 8) return [`${PII_MARK}-${randomText(r, 20)}`, 'text'];
  if (k === 8) return ['', 'empty'];
  if (k === 9) return [`${PII_MARK}${'x'.repeat(255 - PII_MARK.length)}`, '255 units'];
  if (k === 10) return [`${PII_MARK}${'x'.repeat(256 - PII_MARK.length)}`, '256 units'];
  if (k === 11) return [`${PII_MARK}${'😀'.repeat(255 - PII_MARK.length)}`, '255 code points, astral'];
  if (k === 12) return [`${PII_MARK}${'😀'.repeat(256 - PII_MARK.length)}`, '256 code points, astral'];
  if (k === 13) {
    const lone = r.pick(['\ud800', '\udbff', '\udc00', '\udfff']);
    const base = `${PII_MARK}${randomText(r, 10)}`;
    const at = r.int(base.length + 1);
    return [base.slice(0, at) + lone + base.slice(at), 'lone surrogate'];
  }
  if (k === 14) {
    // Huge: rare, since a million of them would dominate the run.
    const units = r.chance(0.01) ? 1 << (16 + r.int(5)) : 300 + r.int(4000);
    return [PII_MARK + r.pick(['a', 'é', '😀', '\u0000']).repeat(units), `huge (${units})`];
  }
  if (k === 15) return [r.pick(['true', '1', 'null', 'undefined', '0']), 'look-alike'];
  if (k === 16) return [`${PII_MARK}😀`.slice(0, PII_MARK.length + 1), 'cut surrogate pair'];
  return [`${PII_MARK}${randomText(r, 300)}`, 'long text'];
}

function throwable(r) {
  return r.pick([
    () => new Error('getter failed'),
    () => new TypeError('trap failed'),
    () => 'a thrown string',
    () => undefined,
    () => null,
    () => 42,
    () => Symbol('thrown'),
    () => ({ name: 'JwtError', code: 'ERR_FAKE', message: 'not ours' }),
  ])();
}

/** Values of every type JavaScript has, and objects that fight back. */
function weirdValue(r, ctx, depth = 0) {
  const k = r.int(34);
  switch (k) {
    case 0: return [undefined, 'undefined'];
    case 1: return [null, 'null'];
    case 2: return [r.chance(0.5), 'boolean'];
    case 3: return [r.pick([0, -0, 1, -1, 1.5, 0.1, NaN, Infinity, -Infinity]), 'small number'];
    case 4: return [r.pick([2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e11, 1e11 + 1, 1e12, Number.MAX_VALUE, Number.MIN_VALUE, 1e300]), 'big number'];
    case 5: return [r.int(2 ** 31) - 2 ** 30, 'integer'];
    case 6: return [r.pick([0n, 10n, -1n, 2n ** 64n, BigInt(NOW)]), 'bigint'];
    case 7: return [r.pick([Symbol('x'), Symbol.iterator, Symbol.for('user')]), 'symbol'];
    case 8: case 9: return personalString(r);
    case 10: ctx.stable = false; return [() => PII_MARK, 'function'];
    case 11: return [r.pick([new Date(NOW * 1000), new Date(NaN), new Date(8.64e15), new Date(-8.64e15), new Date(0)]), 'Date'];
    case 12: ctx.stable = false; return [Object.create(Date.prototype), 'Date.prototype object'];
    case 13: {
      ctx.stable = false;
      const d = new Date((NOW + 60) * 1000);
      const e = throwable(r);
      d.getTime = () => { throw e; };
      return [d, 'Date with throwing getTime'];
    }
    case 14: {
      ctx.stable = false;
      const d = new Date((NOW + 60) * 1000);
      const v = r.pick([1e300, -1e300, 1.5, '1700000060000', 2 ** 60, NaN]);
      d.getTime = () => v;
      return [d, 'Date with odd getTime'];
    }
    case 15: return [[], 'empty array'];
    case 16: return [[personalString(r)[0]], 'array of string'];
    case 17: return [{}, 'empty object'];
    case 18: return [Object.create(null), 'null-prototype object'];
    case 19: return [Object.freeze({ [PII_MARK]: PII_MARK }), 'frozen object'];
    case 20: ctx.stable = false; return [new String(`${PII_MARK}-boxed`), 'boxed string'];
    case 21: ctx.stable = false; return [new Number(NOW + 60), 'boxed number'];
    case 22: {
      ctx.stable = false;
      const e = throwable(r);
      return [{ toString() { throw e; }, valueOf() { throw e; }, [Symbol.toPrimitive]() { throw e; } }, 'object whose conversions throw'];
    }
    case 23: ctx.stable = false; return [{ toString: () => PII_MARK, valueOf: () => NOW + 60 }, 'object that converts'];
    case 24: ctx.stable = false; return [hostileProxy(r, {}), 'throwing Proxy'];
    case 25: ctx.stable = false; return [revokedProxy(), 'revoked Proxy'];
    case 26: return [new Uint8Array(r.int(64)), 'Uint8Array'];
    case 27: ctx.stable = false; return [new Map([['externalId', PII_MARK]]), 'Map'];
    case 28: ctx.stable = false; return [Promise.resolve(PII_MARK), 'Promise'];
    case 29: ctx.stable = false; return [new (class Odd {})(), 'class instance'];
    case 30: ctx.stable = false; return [hostileProxy(r, []), 'throwing Proxy over an array'];
    case 31: ctx.stable = false; return [hostileProxy(r, new Date((NOW + 60) * 1000)), 'throwing Proxy over a Date'];
    case 32: return [depth < 2 ? [weirdValue(r, ctx, depth + 1)[0]] : [], 'nested array'];
    default: return [new Error(PII_MARK), 'an Error'];
  }
}

/** A Proxy whose traps throw: every trap, or only some of them. */
function hostileProxy(r, target) {
  const all = ['get', 'has', 'getPrototypeOf', 'ownKeys', 'getOwnPropertyDescriptor', 'set', 'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions'];
  const handler = {};
  const thrown = throwable(r);
  for (const trap of all) {
    if (r.chance(0.6)) handler[trap] = () => { throw thrown; };
  }
  return new Proxy(target, handler);
}

function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

// Valid values come often enough that most iterations reach the HMAC and the round trip.
function externalIdValue(r, ctx) {
  const k = r.int(10);
  if (k < 4) return [`${PII_MARK}-${r.int(1e9)}`, 'plain id'];
  if (k < 7) return personalString(r);
  if (k === 6) return [r.pick([42, 0, 12345678901234567890n, 7n]), 'numeric id'];
  return weirdValue(r, ctx);
}

function optionalStringValue(r, ctx) {
  const k = r.int(10);
  if (k < 3) return [undefined, 'undefined'];
  if (k < 4) return [null, 'null'];
  if (k < 8) return personalString(r);
  return weirdValue(r, ctx);
}

function emailVerifiedValue(r, ctx) {
  const k = r.int(10);
  if (k < 4) return [true, 'true'];
  if (k < 6) return [false, 'false'];
  if (k < 7) return [undefined, 'undefined'];
  if (k < 8) return [null, 'null'];
  if (k < 9) return [r.pick(['true', 1, 0, 'yes']), 'look-alike'];
  return weirdValue(r, ctx);
}

/** Put fields on an object in one of several shapes: plain, frozen, null-prototype, getters, Proxy. */
function shape(r, ctx, fields, what) {
  const k = r.int(16);
  if (k < 6) return [fields, `plain ${what}`];
  if (k < 8) return [deepFreeze(fields), `frozen ${what}`];
  if (k < 9) return [Object.assign(Object.create(null), fields), `null-prototype ${what}`];
  if (k < 10) {
    const array = Object.assign([], fields);
    return [array, `array carrying ${what} fields`];
  }
  ctx.stable = false;
  if (k < 11) {
    // Inherited fields: destructuring reads through the prototype, as it should.
    return [Object.create(fields), `${what} with inherited fields`];
  }
  if (k < 13) {
    const target = {};
    const names = Object.keys(fields);
    const bad = names.length > 0 ? r.pick(names) : 'externalId';
    const thrown = throwable(r);
    for (const name of names) {
      const value = fields[name];
      Object.defineProperty(target, name, {
        enumerable: true,
        get: name === bad ? () => { throw thrown; } : () => value,
      });
    }
    return [target, `${what} with a throwing getter on ${bad}`];
  }
  if (k < 14) {
    // A getter that answers differently each time: the library must read each field once.
    let reads = 0;
    const target = { ...fields };
    const name = r.pick(Object.keys(fields).length > 0 ? Object.keys(fields) : ['externalId']);
    const first = fields[name];
    const later = weirdValue(r, ctx)[0];
    Object.defineProperty(target, name, { enumerable: true, get: () => (reads++ === 0 ? first : later) });
    return [target, `${what} whose ${name} changes after the first read`];
  }
  if (k < 15) return [hostileProxy(r, fields), `${what} behind a throwing Proxy`];
  return [new Proxy(fields, {}), `${what} behind a transparent Proxy`];
}

function deepFreeze(object) {
  for (const value of Object.values(object)) {
    // Typed arrays with elements cannot be frozen; a hostile Proxy may refuse: both stay as they are.
    if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
      try {
        Object.freeze(value);
      } catch {
        // left unfrozen
      }
    }
  }
  return Object.freeze(object);
}

/** A user, options and key that are all valid: tame iterations reach the HMAC and the round trip. */
function tameUser(r) {
  const user = { externalId: r.chance(0.8) ? `${PII_MARK}-${r.int(1e9)}` : `${PII_MARK}${randomText(r, 40)}` };
  if (r.chance(0.5)) user.name = r.chance(0.8) ? `${PII_MARK} ${randomText(r, 30)}` : null;
  if (r.chance(0.5)) user.email = `${PII_MARK}.${r.int(1e6)}@example.com`;
  if (r.chance(0.6)) user.emailVerified = r.chance(0.7);
  return [user, 'tame user'];
}

function tameOptions(r) {
  const options = { now: NOW + r.int(1000) };
  const k = r.int(5);
  if (k === 1) options.expiresIn = 1 + r.int(86_400);
  if (k === 2) options.expiresIn = null;
  if (k === 3) options.expiresAt = options.now + 1 + r.int(86_400);
  if (k === 4) options.expiresAt = new Date((options.now + 1 + r.int(86_400)) * 1000 + r.int(1000));
  return [r.chance(0.1) ? undefined : options, 'tame options'];
}

function tameKey(r) {
  return [{ kid: r.pick(KIDS.slice(0, 4))[0], secret: r.chance(0.8) ? FUZZ_SECRET : new Uint8Array(SECRET_BYTES) }, 'tame key'];
}

function userValue(r, ctx) {
  if (ctx.tame && !r.chance(ctx.wild)) return tameUser(r);
  const k = r.int(20);
  if (k === 0) return weirdValue(r, ctx);
  if (k === 1) return [{ external_id: `${PII_MARK}-snake` }, 'snake_case user'];
  const fields = {};
  const labels = [];
  const [id, idLabel] = r.chance(0.95) ? externalIdValue(r, ctx) : [undefined, 'missing'];
  if (id !== undefined || r.chance(0.5)) fields.externalId = id;
  labels.push(`externalId ${idLabel}`);
  for (const [name, gen] of [['name', optionalStringValue], ['email', optionalStringValue], ['emailVerified', emailVerifiedValue]]) {
    if (r.chance(0.6)) {
      const [v, l] = gen(r, ctx);
      fields[name] = v;
      labels.push(`${name} ${l}`);
    }
  }
  const [user, shapeLabel] = shape(r, ctx, fields, 'user');
  return [user, `${shapeLabel} {${labels.join('; ')}}`];
}

function secondsValue(r, ctx, near) {
  const k = r.int(10);
  if (k < 5) return [near + r.int(7200) - 600, 'near'];
  if (k < 6) return [r.pick([1e11, 1e11 + 1, near * 1000, 2 ** 53 - 1, 0, -1]), 'edge'];
  return weirdValue(r, ctx);
}

function claimOptionsValue(r, ctx) {
  if (ctx.tame && !r.chance(ctx.wild)) return tameOptions(r);
  const k = r.int(12);
  if (k === 0) return [undefined, 'no options'];
  if (k === 1) return weirdValue(r, ctx);
  const fields = {};
  const labels = [];
  if (r.chance(0.7)) {
    const [v, l] = r.chance(0.8) ? [NOW + r.int(1000) - 500, 'near'] : secondsValue(r, ctx, NOW);
    fields.now = v;
    labels.push(`now ${l}`);
  }
  if (r.chance(0.5)) {
    const j = r.int(10);
    const [v, l] =
      j < 4 ? [1 + r.int(86_400), 'positive'] : j < 5 ? [null, 'null'] : j < 6 ? [r.pick([0, -1, 1.5, 2 ** 53 - 1, 2 ** 53, 1e12, 8e12]), 'edge'] : weirdValue(r, ctx);
    fields.expiresIn = v;
    labels.push(`expiresIn ${l}`);
  }
  if (r.chance(0.3)) {
    const j = r.int(6);
    const [v, l] =
      j < 2
        ? secondsValue(r, ctx, NOW)
        : j < 3
          ? [new Date((NOW + r.int(7200) - 600) * 1000 + r.int(1000)), 'Date near']
          : j < 4
            ? [r.pick([new Date(8.64e15), new Date(1e14), new Date(-1), new Date(NaN)]), 'Date edge']
            : weirdValue(r, ctx);
    fields.expiresAt = v;
    labels.push(`expiresAt ${l}`);
  }
  const [options, shapeLabel] = shape(r, ctx, fields, 'options');
  return [options, `${shapeLabel} {${labels.join('; ')}}`];
}

const KIDS = [
  ['app_5963ceb97cde542d000dbdb1', 'valid'],
  ['k', 'one character'],
  ['a"b\\c', 'quote and backslash'],
  ['!~', 'ASCII edges'],
  ['', 'empty'],
  ['app 1', 'space'],
  ['app\n', 'newline'],
  ['kïd', 'non-ASCII'],
  ['\u007f', 'DEL'],
  ['😀', 'astral'],
];

function kidValue(r, ctx) {
  const k = r.int(10);
  if (k < 3) return KIDS[0];
  if (k < 6) return r.pick(KIDS);
  if (k < 7) {
    let s = '';
    for (let n = 1 + r.int(200); n > 0; n--) s += String.fromCharCode(0x21 + r.int(94));
    return [s, 'random visible ASCII'];
  }
  if (k < 8) return ['k'.repeat(1 << (8 + r.int(10))), 'huge'];
  return weirdValue(r, ctx);
}

/** Secrets, good and bad: every one carries SECRET_MARK, so a leak cannot hide. */
function secretValue(r, ctx) {
  const k = r.chance(0.3) ? 0 : r.int(31);
  switch (k) {
    case 0: case 1: case 2: case 3: case 4: case 5: return [FUZZ_SECRET, 'valid string'];
    case 6: return [new Uint8Array(SECRET_BYTES), 'valid Uint8Array'];
    case 7: return [Buffer.from(SECRET_BYTES), 'valid Buffer'];
    case 8: return [r.pick(['\n', ' ', '\t', '\r\n', '\u00a0', '\ufeff', '\u2028']) + FUZZ_SECRET, 'leading white space'];
    case 9: return [FUZZ_SECRET + r.pick(['\n', ' ', '\t', '\r\n', '\u00a0', '\ufeff', '\u3000']), 'trailing white space'];
    case 10: return [SECRET_MARK, 'too short'];
    case 11: return [`${SECRET_MARK}${'s'.repeat(31 - SECRET_MARK.length)}`, '31 bytes'];
    case 12: return [`${SECRET_MARK}${'s'.repeat(32 - SECRET_MARK.length)}`, '32 bytes'];
    case 13: return [`${SECRET_MARK}${'é'.repeat(8)}`, 'short in characters, 30 bytes'];
    case 14: return [`${FUZZ_SECRET.slice(0, 20)}\ud800${FUZZ_SECRET.slice(20)}`, 'lone surrogate'];
    case 15: return [`${SECRET_MARK} and spaces inside the secret ok`, 'inner spaces (allowed)'];
    case 16: ctx.stable = false; return [new String(FUZZ_SECRET), 'boxed string'];
    case 17: ctx.stable = false; return [{ toString: () => FUZZ_SECRET, valueOf: () => FUZZ_SECRET }, 'object converting to the secret'];
    case 18: return [[FUZZ_SECRET], 'array of the secret'];
    case 19: ctx.stable = false; return [SECRET_BYTES.buffer.slice(0), 'ArrayBuffer'];
    case 20: ctx.stable = false; return [new DataView(SECRET_BYTES.buffer.slice(0)), 'DataView'];
    case 21: ctx.stable = false; return [new Uint16Array(new Uint8Array([...SECRET_BYTES, 0, 0].slice(0, SECRET_BYTES.length + (SECRET_BYTES.length % 2))).buffer), 'Uint16Array'];
    case 22: return [new Uint8Array(SECRET_BYTES.subarray(0, SECRET_MARK.length)), 'short Uint8Array'];
    case 23: ctx.stable = false; return [hostileProxy(r, new Uint8Array(SECRET_BYTES)), 'throwing Proxy over a Uint8Array'];
    case 24: ctx.stable = false; return [revokedProxy(), 'revoked Proxy'];
    case 25: {
      ctx.stable = false;
      class Sub extends Uint8Array {}
      return [new Sub(SECRET_BYTES), 'Uint8Array subclass'];
    }
    case 26: return [Number(`1${'7'.repeat(20)}`), 'number'];
    case 27: return [BigInt(`0x${Buffer.from(SECRET_MARK).toString('hex')}`), 'bigint'];
    case 28: return [Symbol(FUZZ_SECRET), 'symbol described by the secret'];
    case 29: {
      const bytes = new Uint8Array(SECRET_BYTES);
      structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
      return [bytes, 'detached Uint8Array'];
    }
    default: return weirdValue(r, ctx);
  }
}

function keyValue(r, ctx) {
  if (ctx.tame && !r.chance(ctx.wild)) return tameKey(r);
  const k = r.int(20);
  if (k === 0) return weirdValue(r, ctx);
  if (k === 1) return [FUZZ_SECRET, 'the secret itself as the key'];
  const fields = {};
  const labels = [];
  if (r.chance(0.97)) {
    const [v, l] = kidValue(r, ctx);
    fields.kid = v;
    labels.push(`kid ${l}`);
  }
  if (r.chance(0.97)) {
    const [v, l] = secretValue(r, ctx);
    fields.secret = v;
    labels.push(`secret ${l}`);
  }
  const [key, shapeLabel] = shape(r, ctx, fields, 'key');
  return [key, `${shapeLabel} {${labels.join('; ')}}`];
}

// ---------------------------------------------------------------- oracles

function plainObject(value) {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

/** DESIGN.md's key rules, written out independently of src/sign.ts. */
function keyIsValid(key) {
  if (!plainObject(key)) return false;
  const { kid, secret } = key;
  if (typeof kid !== 'string' || kid.length === 0) return false;
  for (let i = 0; i < kid.length; i++) {
    const c = kid.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  if (typeof secret === 'string') {
    return secret === secret.trim() && secret.isWellFormed() && new TextEncoder().encode(secret).length >= 32;
  }
  return secret instanceof Uint8Array && secret.length >= 32;
}

function codePoints(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A successful buildClaims result checked against DESIGN.md and the plain input it came from. */
function claimsProblem(claims, user, options) {
  if (typeof claims !== 'object' || claims === null) return 'claims is not an object';
  const keys = Object.keys(claims);
  const order = CLAIM_KEY_ORDER.filter((k) => keys.includes(k));
  if (keys.length !== order.length || keys.some((k, i) => k !== order[i])) return `claim keys out of order or unknown: ${keys.join(',')}`;
  if (claims.scope !== 'user') return 'scope is not "user"';
  const id = claims.external_id;
  if (typeof id !== 'string' || !id.isWellFormed() || codePoints(id) < 1 || codePoints(id) > 255) return 'external_id breaks its rule';
  if ('name' in claims && (typeof claims.name !== 'string' || !claims.name.isWellFormed())) return 'name is not a well-formed string';
  if ('email' in claims !== 'email_verified' in claims) return 'email and email_verified not together';
  if ('email_verified' in claims && claims.email_verified !== true) return 'email_verified is not true';
  if ('email' in claims && (typeof claims.email !== 'string' || !claims.email.isWellFormed())) return 'email is not a well-formed string';
  if ('exp' in claims && !(Number.isSafeInteger(claims.exp) && claims.exp > 0 && claims.exp <= 1e11)) return `exp ${claims.exp} is not whole seconds a verifier accepts`;
  if (user === undefined) return undefined;
  // The plain input: each field that went in is what was given.
  if (id !== user.externalId) return 'external_id differs from externalId';
  if ((user.name ?? undefined) !== claims.name) return 'name differs from the input';
  const emailIn = user.emailVerified === true && typeof user.email === 'string';
  if (emailIn !== ('email' in claims) || (emailIn && claims.email !== user.email)) return 'email not carried exactly when emailVerified is true';
  const now = options?.now;
  if (typeof now === 'number' && 'exp' in claims && claims.exp <= now) return 'exp is at or before now';
  if (typeof now === 'number' && options.expiresAt === undefined && options.expiresIn !== null) {
    if (claims.exp !== now + (options.expiresIn ?? 600)) return 'exp is not now + expiresIn';
  }
  if (options?.expiresIn === null && options.expiresAt === undefined && 'exp' in claims) return 'exp present with expiresIn null';
  return undefined;
}

function sameClaims(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------- checking an outcome

/** The texts an error shows to a log: none may contain a secret or personal data. */
function leakIn(error) {
  const texts = [];
  const add = (f) => {
    try {
      const t = f();
      if (typeof t === 'string') texts.push(t);
    } catch {
      // A form that cannot be produced shows nothing.
    }
  };
  add(() => error.message);
  add(() => String(error));
  add(() => JSON.stringify(error));
  add(() => inspect(error, { depth: 4 }));
  add(() => error.cause?.message);
  add(() => error.stack);
  for (const text of texts) {
    for (const needle of NEEDLES) if (text.includes(needle)) return needle === PII_MARK ? 'personal data' : 'secret';
  }
  return undefined;
}

function errorProblem(error, lib) {
  if (!(error instanceof lib.JwtError)) return 'escape';
  if (!CODE_SET.has(error.code) || error.name !== 'JwtError' || typeof error.message !== 'string' || error.message === '') return 'malformed JwtError';
  if (error.claim !== undefined && !CLAIM_NAMES.has(error.claim)) return `unknown claim ${String(error.claim)}`;
  const leak = leakIn(error);
  if (leak) return `leak of ${leak}`;
  return undefined;
}

/** Run fn; classify as ok/JwtError code, or a failure. */
function attempt(fn, lib) {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error, problem: errorProblem(error, lib) };
  }
}

async function attemptAsync(fn, lib) {
  let promise;
  try {
    promise = fn();
  } catch (error) {
    return { ok: false, error, problem: 'threw synchronously instead of rejecting' };
  }
  if (!(promise instanceof Promise)) return { ok: false, error: undefined, problem: 'did not return a promise' };
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error, problem: errorProblem(error, lib) };
  }
}

/** An error for the report, with the marks blotted out: a leak must not reach the CI log. */
function errorName(error) {
  try {
    if (!(error instanceof Error)) return typeof error;
    let text = `${error.constructor.name}: ${error.message}`;
    for (const needle of NEEDLES) text = text.split(needle).join(needle === PII_MARK ? '[personal data]' : '[secret]');
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return 'unprintable';
  }
}

// ---------------------------------------------------------------- one iteration

const OPERATIONS = ['buildClaims', 'signJwtSync', 'createSigner', 'signJwt', 'signer.sign'];

/**
 * One iteration. Returns [outcome, failure?]: outcome is `${operation} ok` or
 * `${operation} ${code}`; failure, when present, says what broke.
 */
async function iterate(lib, r) {
  // Tame iterations: each of user, options and key is valid, or now and then one of them wild.
  const ctx = { stable: true, tame: r.chance(0.4), wild: 0.15 };
  const roll = r.int(100);
  const op = OPERATIONS[roll < 40 ? 0 : roll < 70 ? 1 : roll < 88 ? 2 : roll < 94 ? 3 : 4];
  const [user, userLabel] = userValue(r, ctx);
  const [options, optionsLabel] = claimOptionsValue(r, ctx);
  const needsKey = op !== 'buildClaims';
  const [key, keyLabel] = needsKey ? keyValue(r, ctx) : [undefined, ''];
  const label = `${op}(user: ${userLabel}; options: ${optionsLabel}${needsKey ? `; key: ${keyLabel}` : ''})`;
  const stable = ctx.stable;
  const before = stable ? snapshot([user, options, key]) : undefined;

  const fail = (what, error) => [`${op} FAILED`, { what, label, error: error === undefined ? undefined : errorName(error) }];
  const [outcome, failure] = await run(lib, r, ctx, op, user, options, key, fail);
  if (!failure && stable && snapshot([user, options, key]) !== before) return fail('the input was modified');
  return [outcome, failure];
}

async function run(lib, r, ctx, op, user, options, key, fail) {
  const stable = ctx.stable;
  const outcome = (result) => `${op} ${result.ok ? 'ok' : result.error.code}`;
  // Only plain inputs can be read again by the oracles without changing what they say.
  const reference = stable ? attempt(() => lib.buildClaims(user, options), lib) : undefined;

  let result;
  if (op === 'buildClaims') {
    result = reference ?? attempt(() => lib.buildClaims(user, options), lib);
    if (result.problem) return fail(result.problem, result.error);
    if (result.ok) {
      const problem = claimsProblem(result.value, stable && plainObject(user) ? user : undefined, stable && plainObject(options) ? options : undefined);
      if (problem) return fail(problem);
    }
  } else if (op === 'signJwtSync' || op === 'signJwt') {
    result = op === 'signJwtSync' ? attempt(() => lib.signJwtSync(user, key, options), lib) : await attemptAsync(() => lib.signJwt(user, key, options), lib);
    if (result.problem) return fail(result.problem, result.error);
    if (stable) {
      const problem = signProblem(lib, result, reference, key, options);
      if (problem) return fail(problem, result.error);
    }
  } else {
    const [defaults, defaultsLabel] = r.chance(0.5) ? [undefined, 'none'] : claimOptionsValue(r, ctx);
    const signerStable = stable && ctx.stable;
    const made = attempt(() => lib.createSigner(key, defaults), lib);
    if (made.problem) return fail(`${made.problem} (createSigner, defaults: ${defaultsLabel})`, made.error);
    if (signerStable) {
      const valid = keyIsValid(key);
      if (!made.ok && !valid && made.error.code !== 'ERR_KEY_INVALID') return fail(`bad key refused with ${made.error.code}`);
      if (!made.ok && valid && made.error.code === 'ERR_KEY_INVALID') return fail('valid key refused');
      if (made.ok && !valid) return fail('bad key accepted');
      if (made.ok && made.value.kid !== key.kid) return fail('signer.kid is not the key kid');
      if (!made.ok && valid && defaults === undefined) return fail(`valid key, no defaults, still refused with ${made.error.code}`);
    }
    if (!made.ok) return [`${op}: createSigner ${made.error.code}`];
    const signer = made.value;
    result = op === 'createSigner' ? attempt(() => signer.signSync(user, options), lib) : await attemptAsync(() => signer.sign(user, options), lib);
    if (result.problem) return fail(result.problem, result.error);
    if (signerStable && (options === undefined || plainObject(options)) && (defaults === undefined || plainObject(defaults))) {
      // Per-call options override the defaults field by field; undefined means not given.
      const merged = { ...(defaults ?? {}) };
      for (const k of ['expiresIn', 'expiresAt', 'now']) if (options?.[k] !== undefined) merged[k] = options[k];
      const expected = attempt(() => lib.buildClaims(user, merged), lib);
      const problem = signProblem(lib, result, expected, key, merged);
      if (problem) return fail(`${problem} (defaults: ${defaultsLabel})`, result.error);
    }
  }
  return [outcome(result)];
}

/** A sign call agrees with buildClaims, and what it signs verifies back to the same claims. */
function signProblem(lib, result, reference, key, options) {
  const valid = keyIsValid(key);
  if (!valid) {
    if (result.ok) return 'bad key accepted';
    // A one-shot call reads the user first: a bad user is named before a bad key.
    const expected = reference.ok ? 'ERR_KEY_INVALID' : reference.error.code;
    return result.error.code === expected ? undefined : `bad key refused with ${result.error.code}`;
  }
  if (!reference.ok) {
    if (result.ok) return `signed what buildClaims refuses (${reference.error.code})`;
    if (result.error.code !== reference.error.code || result.error.claim !== reference.error.claim) {
      return `refused with ${result.error.code}/${result.error.claim}, buildClaims says ${reference.error.code}/${reference.error.claim}`;
    }
    return undefined;
  }
  if (!result.ok) return `refused (${result.error.code}) what buildClaims accepts`;
  const token = result.value;
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/.test(token)) return 'not a compact HS256 JWT';
  const now = typeof options?.now === 'number' ? options.now : undefined;
  // A keyring of one: an array carrying kid and secret is a key to sign with, but as the keys
  // argument of verify it would be read as a (empty) keyring.
  const verified = attempt(() => lib.verifyJwtSync(token, [key], { now, maxTokenLength: token.length }), lib);
  if (!verified.ok) return `the signed token does not verify: ${verified.error?.code} ${errorName(verified.error)}`;
  const header = verified.value.header;
  if (JSON.stringify(header) !== JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid })) return 'header is not {alg,typ,kid}';
  const claims = verified.value.claims;
  const expected = reference.value;
  if (now === undefined && 'exp' in expected && Math.abs(claims.exp - expected.exp) <= 1) expected.exp = claims.exp;
  if (!sameClaims(claims, expected)) return 'the signed claims differ from buildClaims';
  return undefined;
}

function snapshot(values) {
  try {
    return inspect(values, { depth: 4, showHidden: true, maxArrayLength: 64, maxStringLength: 64, getters: false });
  } catch {
    return 'uninspectable';
  }
}

/**
 * Run `count` iterations from `seed` (or only iteration `only`). Returns counts by outcome and
 * the failures (at most `maxFailures` kept, all counted).
 *
 * @param lib - the library: dist/index.js for the script, src/index.ts for the test
 */
export async function runClaimsFuzz(lib, { count, seed, only, maxFailures = 20, onProgress } = {}) {
  const counts = new Map();
  const failures = [];
  let failed = 0;
  const first = only ?? 0;
  const last = only === undefined ? count : only + 1;
  for (let i = first; i < last; i++) {
    let outcome;
    let failure;
    try {
      [outcome, failure] = await iterate(lib, randomFor(seed, i));
    } catch (error) {
      // A throw out of the harness itself (a generator or an oracle) is a fuzzer bug: report it too.
      outcome = 'harness FAILED';
      failure = { what: 'harness threw', label: `iteration ${i}`, error: errorName(error) };
    }
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    if (failure) {
      failed++;
      if (failures.length < maxFailures) failures.push({ iteration: i, ...failure });
    }
    if (onProgress && (i + 1) % 100_000 === 0) onProgress(i + 1, failed);
  }
  return { counts: Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1))), failures, failed, iterations: last - first };
}
