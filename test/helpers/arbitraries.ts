import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { ClaimOptions, MessagingUser } from '../../src/claims.js';
import type { SigningKey } from '../../src/sign.js';

/** Realistic text (graphemes: accents, emoji, scripts) and raw code points, always well-formed. */
export const text = (maxLength = 30): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: 'binary', maxLength }));

/** A string with exactly one lone surrogate: well-formed text around one unpaired UTF-16 unit. */
export const loneSurrogate: fc.Arbitrary<string> = fc
  .tuple(text(10), fc.integer({ min: 0xd800, max: 0xdfff }), text(10))
  .map(([before, unit, after]) => before + String.fromCharCode(unit) + after);

/** Mostly well-formed, sometimes not: the signer must accept the one and refuse the other. */
export const maybeBroken: fc.Arbitrary<string> = fc.oneof({ weight: 6, arbitrary: text() }, { weight: 1, arbitrary: loneSurrogate });

/** external_id candidates around both ends of the 1..255 code point range, with astral characters. */
export const externalIdCandidate: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.string({ unit: 'binary', minLength: 250, maxLength: 260 }),
  fc.string({ unit: fc.constantFrom('a', '😀', 'é', '\u{10ffff}', '\u0000', '"'), minLength: 250, maxLength: 260 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
);

const VISIBLE_ASCII = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));

export const signingKey: fc.Arbitrary<SigningKey> = fc.record({
  kid: fc.string({ unit: fc.constantFrom(...VISIBLE_ASCII), minLength: 1, maxLength: 40 }),
  secret: fc.oneof(
    fc
      .string({ unit: 'grapheme', minLength: 32, maxLength: 64 })
      .filter((secret) => secret === secret.trim() && Buffer.byteLength(secret) >= 32),
    fc.uint8Array({ minLength: 32, maxLength: 100 }),
  ),
});

export const user: fc.Arbitrary<MessagingUser> = fc.record(
  {
    externalId: fc.oneof({ weight: 4, arbitrary: externalIdCandidate }, { weight: 1, arbitrary: loneSurrogate }),
    name: fc.option(maybeBroken, { nil: null }),
    email: fc.option(maybeBroken, { nil: null }),
    emailVerified: fc.constantFrom(true, false, null),
  },
  { requiredKeys: ['externalId'] },
);

/** Valid expiry options at a fixed `now` (every exp stays below 10^11). */
export const claimOptions: fc.Arbitrary<ClaimOptions> = fc.integer({ min: 0, max: 5e10 }).chain((now) =>
  fc.record(
    {
      now: fc.constant(now),
      expiresIn: fc.option(fc.integer({ min: 1, max: 1e9 }), { nil: null }),
      expiresAt: fc.oneof(
        fc.integer({ min: now + 1, max: now + 1e9 }),
        fc.integer({ min: (now + 1) * 1000, max: (now + 1e9) * 1000 }).map((ms) => new Date(ms)),
      ),
    },
    { requiredKeys: ['now'] },
  ),
);

/**
 * The token computed independently of the library: JSON.stringify, Buffer base64url and
 * node:crypto createHmac, from DESIGN.md's rules alone.
 */
export function independentToken(user: MessagingUser, key: SigningKey, options: ClaimOptions & { now: number }): string {
  const payload: Record<string, unknown> = { scope: 'user', external_id: user.externalId };
  if (user.name !== undefined && user.name !== null) payload['name'] = user.name;
  if (user.emailVerified === true && user.email !== undefined && user.email !== null) {
    payload['email'] = user.email;
    payload['email_verified'] = true;
  }
  let exp: number | undefined;
  if (options.expiresAt instanceof Date) exp = Math.floor(options.expiresAt.getTime() / 1000);
  else if (options.expiresAt !== undefined) exp = options.expiresAt;
  else if (options.expiresIn !== null) exp = options.now + (options.expiresIn ?? 600);
  if (exp !== undefined) payload['exp'] = exp;
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid }), 'utf8').toString('base64url');
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const secret = typeof key.secret === 'string' ? Buffer.from(key.secret, 'utf8') : key.secret;
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

/** The claim the signer must name for a user, or undefined when the user is valid. */
export function expectedFault(user: MessagingUser): string | undefined {
  const id = user.externalId;
  const points = [...id].length;
  if (!id.isWellFormed() || points < 1 || points > 255) return 'external_id';
  if (typeof user.name === 'string' && !user.name.isWellFormed()) return 'name';
  if (typeof user.email === 'string' && !user.email.isWellFormed()) return 'email';
  return undefined;
}
