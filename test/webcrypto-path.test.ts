import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as nodeHmac from '../src/hmac.js';
import * as nodeApi from '../src/index.js';
import type { ClaimOptions, JwtError, JwtErrorCode, MessagingUser, SigningKey } from '../src/index.js';
import { assertJwtError, expectJwtError, rejected } from './helpers/jwt-error.js';
import { hmacVectorSuite } from './helpers/hmac-vectors.js';
import { loadWithoutNodeCrypto } from './helpers/without-node-crypto.js';
import { verify, verifySync, isSync } from './helpers/mac.js';

type HmacModule = typeof nodeHmac;
type Api = typeof nodeApi;

const NOW = 1_700_000_000;

/**
 * Fresh copies of src/hmac.ts and src/index.ts that made their crypto choice while
 * `process.getBuiltinModule` was gone, as on workerd without nodejs_compat, Vercel Edge or a
 * browser. The statically imported copies above keep the node:crypto path for comparison.
 */
let web: { hmac: HmacModule; api: Api } | undefined;

/** A JwtError of the WebCrypto copy: its own class, and still recognised by the other copy's guard. */
function expectWebError(fn: () => unknown, code: JwtErrorCode, claim?: string): JwtError {
  const error = expectJwtError(fn, code, claim, webPath().api.JwtError);
  expect(error).not.toBeInstanceOf(nodeApi.JwtError);
  expect(nodeApi.JwtError.is(error)).toBe(true);
  return error;
}

function webPath(): { hmac: HmacModule; api: Api } {
  if (web === undefined) throw new Error('beforeAll did not load the WebCrypto copy');
  return web;
}

beforeAll(async () => {
  // The choice is made on a module's first key: settle the static copy on node:crypto first.
  expect(isSync(nodeHmac.createHmacKey(new Uint8Array(32)))).toBe(true);
  const { hmac, api } = await loadWithoutNodeCrypto();
  expect(hmac).not.toBe(nodeHmac);
  web = { hmac, api };
  expect(typeof process.getBuiltinModule).toBe('function');
});

describe('WebCrypto path, in process (getBuiltinModule hidden while the modules chose)', () => {
  it('really took WebCrypto: sync is false and the *Sync HMAC calls throw ERR_RUNTIME_UNSUPPORTED', () => {
    const key = webPath().hmac.createHmacKey(new Uint8Array(32));
    expect(isSync(key)).toBe(false);
    expectWebError(() => key.signSync('x'), 'ERR_RUNTIME_UNSUPPORTED');
    expectWebError(() => verifySync(key, 'x', 'y'), 'ERR_RUNTIME_UNSUPPORTED');
  });

  hmacVectorSuite(() => webPath().hmac.createHmacKey, false);

  it('keeps its own copy of the key bytes, also before the key is first imported', async () => {
    const expected = nodeHmac.createHmacKey(new Uint8Array(32).fill(1)).signSync('data');
    const secret = new Uint8Array(32).fill(1);
    const key = webPath().hmac.createHmacKey(secret);
    secret.fill(2);
    expect(await key.sign('data')).toBe(expected);
    secret.fill(3);
    expect(await key.sign('data')).toBe(expected);
  });

  it('takes string data as its UTF-8 bytes, as the node:crypto path does', async () => {
    const key = webPath().hmac.createHmacKey(new Uint8Array(32).fill(7));
    const text = 'é😀 \u2028 ü';
    const expected = nodeHmac.createHmacKey(new Uint8Array(32).fill(7)).signSync(text);
    expect(await key.sign(text)).toBe(expected);
    expect(await key.sign(new TextEncoder().encode(text))).toBe(expected);
    expect(await verify(key, text, expected)).toBe(true);
  });

  it('signJwtSync and signer.signSync throw ERR_RUNTIME_UNSUPPORTED; the async calls work', async () => {
    const { api } = webPath();
    const key: SigningKey = { kid: 'app_web', secret: 's'.repeat(32) };
    const user: MessagingUser = { externalId: 'u-1', name: 'Web' };
    const error = expectWebError(() => api.signJwtSync(user, key, { now: NOW }), 'ERR_RUNTIME_UNSUPPORTED');
    expect(error.message).toMatch(/async/);
    const signer = api.createSigner(key, { now: NOW });
    expectWebError(() => signer.signSync(user), 'ERR_RUNTIME_UNSUPPORTED');
    expect(await signer.sign(user)).toBe(nodeApi.signJwtSync(user, key, { now: NOW }));
    expect(await api.signJwt(user, key, { now: NOW })).toBe(nodeApi.signJwtSync(user, key, { now: NOW }));
  });

  it('still validates before it signs: a bad user is ERR_CLAIM_INVALID, not a runtime error', async () => {
    const { api } = webPath();
    const key: SigningKey = { kid: 'app_web', secret: 's'.repeat(32) };
    expectWebError(() => api.signJwtSync({ externalId: '' }, key), 'ERR_CLAIM_INVALID', 'external_id');
    const error = await rejected(api.signJwt({ externalId: '' }, key));
    assertJwtError(error, 'ERR_CLAIM_INVALID', 'external_id', api.JwtError);
    expectWebError(() => api.createSigner({ kid: 'k', secret: 'short' }), 'ERR_KEY_INVALID');
  });

  it('gives byte-identical tokens to the node:crypto path for any input', async () => {
    await fc.assert(
      fc.asyncProperty(signCase(), async ({ user, key, options }) => {
        const expected = nodeApi.signJwtSync(user, key, options);
        expect(await webPath().api.signJwt(user, key, options)).toBe(expected);
        expect(await webPath().api.createSigner(key).sign(user, options)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});

/** Inputs that sign: well-formed names, a valid external_id, a valid key, a fixed `now`. */
function signCase(): fc.Arbitrary<{ user: MessagingUser; key: SigningKey; options: ClaimOptions }> {
  const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
  return fc.record({
    user: fc.record(
      {
        externalId: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
        name: fc.option(text, { nil: null }),
        email: fc.option(text, { nil: null }),
        emailVerified: fc.constantFrom(true, false, null),
      },
      { requiredKeys: ['externalId'] },
    ),
    key: fc.record({
      kid: fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789"\\!~'), minLength: 1, maxLength: 30 }),
      secret: fc.oneof(
        fc.string({ unit: 'grapheme', minLength: 32, maxLength: 48 }).filter((s) => s === s.trim()),
        fc.uint8Array({ minLength: 32, maxLength: 80 }),
      ),
    }),
    options: fc.record({
      expiresIn: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
      now: fc.constant(NOW),
    }),
  });
}

/**
 * A second, stronger check: a separate Node process where `process.getBuiltinModule` is deleted
 * before the library is even loaded. It runs a bundle of src (esbuild, so it never tests a stale
 * dist) and answers with JSON.
 */
describe('WebCrypto path, in a child process that never had getBuiltinModule', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let dir = '';
  let bundle = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'zmj-webcrypto-'));
    bundle = path.join(dir, 'library.mjs');
    await build({
      entryPoints: [path.join(here, 'helpers', 'webcrypto-entry.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      outfile: bundle,
      logLevel: 'silent',
    });
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  interface ChildReport {
    getBuiltinModule: string;
    hmacSync: boolean;
    tokens: string[];
    syncErrors: { name: string; code: string; isJwtError: boolean }[];
    rfc4231: { case: number; ok: boolean }[];
    wycheproof: { tcId: number; ok: boolean }[];
    rfc7515: boolean;
  }

  it('signs byte-identical tokens, refuses *Sync, and passes RFC 4231, RFC 7515 A.1 and Wycheproof', () => {
    const cases = [
      ...fixedCases(),
      ...fc.sample(signCase(), { numRuns: 150, seed: 20240611 }),
    ];
    const job = cases.map(({ user, key, options }) => ({
      user,
      kid: key.kid,
      secret: typeof key.secret === 'string' ? key.secret : Array.from(key.secret),
      options,
    }));
    const output = execFileSync(process.execPath, [path.join(here, 'helpers', 'webcrypto-child.mjs'), bundle], {
      input: JSON.stringify(job),
      encoding: 'utf8',
      timeout: 20_000,
    });
    const report = JSON.parse(output) as ChildReport;
    expect(report.getBuiltinModule).toBe('undefined');
    expect(report.hmacSync).toBe(false);
    expect(report.tokens).toEqual(cases.map(({ user, key, options }) => nodeApi.signJwtSync(user, key, options)));
    expect(report.syncErrors).toEqual([
      { name: 'JwtError', code: 'ERR_RUNTIME_UNSUPPORTED', isJwtError: true },
      { name: 'JwtError', code: 'ERR_RUNTIME_UNSUPPORTED', isJwtError: true },
      { name: 'JwtError', code: 'ERR_RUNTIME_UNSUPPORTED', isJwtError: true },
    ]);
    expect(report.rfc4231).toHaveLength(7);
    expect(report.rfc4231.filter((r) => !r.ok)).toEqual([]);
    expect(report.wycheproof).toHaveLength(174);
    expect(report.wycheproof.filter((r) => !r.ok)).toEqual([]);
    expect(report.rfc7515).toBe(true);
  });
});

function fixedCases(): { user: MessagingUser; key: SigningKey; options: ClaimOptions }[] {
  const key: SigningKey = { kid: 'app_5963ceb97cde542d000dbdb1', secret: 'a-zendesk-shared-secret-of-32-bytes!' };
  const bytesKey: SigningKey = { kid: 'app_bytes', secret: Uint8Array.from({ length: 64 }, (_, i) => i * 4) };
  return [
    { user: { externalId: 'user-42' }, key, options: { now: NOW } },
    { user: { externalId: 'user-42', name: 'Jane Soap' }, key, options: { now: NOW, expiresIn: 60 } },
    { user: { externalId: 'u', name: 'Zoë 🍕', email: 'zoe@example.com', emailVerified: true }, key, options: { now: NOW } },
    { user: { externalId: 'u', email: 'zoe@example.com', emailVerified: false }, key, options: { now: NOW, expiresIn: null } },
    { user: { externalId: '😀'.repeat(255) }, key: bytesKey, options: { now: NOW, expiresAt: NOW + 1 } },
    { user: { externalId: 'x'.repeat(255), name: '"quoted" \\ \n\t\u2028' }, key: bytesKey, options: { now: NOW } },
  ];
}
