// The runtime smoke set, written without any test framework so that the very same checks run
// under vitest (Node, Deno, edge-runtime, workerd pool, Chromium), under `bun test`, and inside a
// bare workerd isolate (miniflare, no compat flags) where no test runner exists.
// It imports the BUILT package (dist/), never src/: what runs is what npm ships.
import * as lib from '../../dist/index.js';
import type { SigningKey } from '../../dist/index.js';
import { byteKey, cases, now, stringKey } from './fixture.js';

export interface SmokeCase {
  readonly name: string;
  run(): Promise<void>;
}

function fail(message: string): never {
  throw new Error(message);
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function assertJwtError(error: unknown, code: string, what: string): void {
  if (!(error instanceof lib.JwtError)) fail(`${what}: expected a JwtError, got ${String(error)}`);
  if (error.code !== code) fail(`${what}: expected ${code}, got ${error.code} (${error.message})`);
}

async function rejectsWith(run: () => Promise<unknown>, code: string, what: string): Promise<void> {
  let caught: unknown = undefined;
  let threwSync = false;
  let promise: Promise<unknown> | undefined;
  try {
    promise = run();
  } catch (error) {
    threwSync = true;
    caught = error;
  }
  if (threwSync) fail(`${what}: threw synchronously instead of rejecting (${String(caught)})`);
  try {
    await promise;
  } catch (error) {
    assertJwtError(error, code, what);
    return;
  }
  fail(`${what}: resolved, expected a rejection with ${code}`);
}

function throwsWith(run: () => unknown, code: string, what: string): void {
  try {
    run();
  } catch (error) {
    assertJwtError(error, code, what);
    return;
  }
  fail(`${what}: returned, expected to throw ${code}`);
}

const keyOf = (name: 'string' | 'bytes'): SigningKey => (name === 'bytes' ? byteKey : stringKey);
const keyring: readonly SigningKey[] = [stringKey, byteKey];
const verifyAt = { now: now + 1 };

/** The same token with one payload character changed and the original signature kept. */
function tamper(token: string): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(lib.base64urlDecode(payload))) as Record<string, unknown>;
  claims['external_id'] = `${String(claims['external_id'])}x`;
  return `${header}.${lib.base64urlEncode(JSON.stringify(claims))}.${signature}`;
}

/**
 * Whether this runtime runs the *Sync calls. Decided once, by trying; the smoke case below then
 * checks the chosen branch completely, and the orchestrator checks the runtime got the branch
 * it should (e.g. Chromium must be "async only", Node must be "sync").
 */
export const syncMode: 'sync' | 'async only' = (() => {
  try {
    lib.signJwtSync({ externalId: 'probe' }, stringKey, { now });
    return 'sync';
  } catch (error) {
    if (lib.JwtError.is(error) && error.code === 'ERR_RUNTIME_UNSUPPORTED') return 'async only';
    throw error;
  }
})();

/**
 * Which runtime really runs these checks, by its own globals, so that a leg that silently fell
 * back to Node (as `bunx vitest` does) is caught by the orchestrator instead of counted.
 */
export const runtimeName: string = (() => {
  const g = globalThis as {
    Bun?: { version: string };
    Deno?: { version: { deno: string } };
    EdgeRuntime?: unknown;
    navigator?: { userAgent?: string };
    process?: { versions?: { node?: string } };
    document?: unknown;
  };
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.EdgeRuntime !== undefined) return 'edge-runtime';
  const agent = g.navigator?.userAgent ?? '';
  if (agent === 'Cloudflare-Workers') return 'workerd';
  if (g.document !== undefined) return `browser ${/(Headless)?Chrome\/[\d.]+/.exec(agent)?.[0] ?? agent}`;
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return `unknown (${agent})`;
})();

export const smokeCases: readonly SmokeCase[] = [
  {
    name: 'signJwt gives the byte-identical tokens Node gives',
    async run() {
      assertEqual(cases.length > 0, true, 'fixture has cases');
      for (const c of cases) assertEqual(await lib.signJwt(c.user, keyOf(c.keyName), c.options), c.token, c.name);
    },
  },
  {
    name: 'createSigner().sign gives the same tokens',
    async run() {
      for (const c of cases) {
        const signer = lib.createSigner(keyOf(c.keyName), { now });
        assertEqual(signer.kid, keyOf(c.keyName).kid, `${c.name}: signer.kid`);
        assertEqual(await signer.sign(c.user, c.options), c.token, c.name);
      }
    },
  },
  {
    name: "verifyJwt accepts Node's tokens and reads the user back",
    async run() {
      const verifier = lib.createVerifier(keyring, verifyAt);
      for (const c of cases) {
        const verified = await lib.verifyJwt(c.token, keyring, verifyAt);
        assertEqual(verified.header.kid, keyOf(c.keyName).kid, `${c.name}: kid`);
        assertEqual(verified.claims.scope, 'user', `${c.name}: scope`);
        assertEqual(verified.user.externalId, c.user.externalId, `${c.name}: externalId`);
        assertEqual(verified.claims, lib.decodeJwt(c.token).payload, `${c.name}: claims equal the decoded payload`);
        assertEqual((await verifier.verify(c.token)).claims, verified.claims, `${c.name}: createVerifier`);
      }
    },
  },
  {
    name: 'verifyJwt rejects a tampered token with ERR_SIGNATURE_INVALID',
    async run() {
      for (const c of cases) {
        await rejectsWith(() => lib.verifyJwt(tamper(c.token), keyring, verifyAt), 'ERR_SIGNATURE_INVALID', `${c.name}: tampered payload`);
      }
      const first = cases[0] ?? fail('fixture is empty');
      const flipped = `${first.token.slice(0, -1)}${first.token.endsWith('A') ? 'B' : 'A'}`;
      await rejectsWith(() => lib.verifyJwt(flipped, keyring, verifyAt), 'ERR_SIGNATURE_INVALID', 'last signature character changed');
    },
  },
  {
    name: 'verifyJwt rejects an unknown kid, an expired token and a malformed one with their codes',
    async run() {
      const first = cases[0] ?? fail('fixture is empty');
      await rejectsWith(() => lib.verifyJwt(first.token, byteKey, verifyAt), 'ERR_KID_UNKNOWN', 'key not in the keyring');
      await rejectsWith(() => lib.verifyJwt(first.token, stringKey, { now: now + 600 }), 'ERR_JWT_EXPIRED', 'at exp');
      await rejectsWith(() => lib.verifyJwt('not.a.jwt', stringKey, verifyAt), 'ERR_JWT_MALFORMED', 'garbage');
    },
  },
  {
    name: 'JwtError works with instanceof and JwtError.is',
    async run() {
      let caught: unknown;
      try {
        await lib.signJwt({ externalId: 42 as unknown as string }, stringKey, { now });
      } catch (error) {
        caught = error;
      }
      assertJwtError(caught, 'ERR_CLAIM_INVALID', 'numeric externalId');
      assertEqual(caught instanceof Error, true, 'instanceof Error');
      assertEqual(lib.JwtError.is(caught), true, 'JwtError.is on a thrown error');
      assertEqual(lib.JwtError.is(caught) ? caught.claim : undefined, 'external_id', 'claim');
      assertEqual(lib.JwtError.is(new Error('x')), false, 'JwtError.is on a plain Error');
      const fromAnotherCopy = Object.assign(new Error('y'), { name: 'JwtError', code: 'ERR_KID_UNKNOWN' });
      assertEqual(lib.JwtError.is(fromAnotherCopy), true, 'JwtError.is across copies');
      assertEqual(fromAnotherCopy instanceof lib.JwtError, false, 'instanceof across copies');
      const made = new lib.JwtError('ERR_KEY_INVALID', 'm', { claim: 'kid' });
      assertEqual([made.name, made.code, made.claim, made.message], ['JwtError', 'ERR_KEY_INVALID', 'kid', 'm'], 'constructor');
      throwsWith(() => lib.createSigner({ kid: 'k', secret: 'short' }), 'ERR_KEY_INVALID', 'short secret at createSigner');
    },
  },
  {
    name: syncMode === 'sync' ? 'sync calls work and match Node' : 'sync calls throw ERR_RUNTIME_UNSUPPORTED (async only)',
    async run() {
      const first = cases[0] ?? fail('fixture is empty');
      const signer = lib.createSigner(keyOf(first.keyName));
      const verifier = lib.createVerifier(keyring, verifyAt);
      if (syncMode === 'sync') {
        for (const c of cases) {
          assertEqual(lib.signJwtSync(c.user, keyOf(c.keyName), c.options), c.token, `${c.name}: signJwtSync`);
          assertEqual(lib.verifyJwtSync(c.token, keyring, verifyAt).user.externalId, c.user.externalId, `${c.name}: verifyJwtSync`);
          assertEqual(verifier.verifySync(c.token).header.kid, keyOf(c.keyName).kid, `${c.name}: verifySync`);
          throwsWith(() => lib.verifyJwtSync(tamper(c.token), keyring, verifyAt), 'ERR_SIGNATURE_INVALID', `${c.name}: tampered`);
        }
        assertEqual(signer.signSync(first.user, first.options), first.token, 'signer.signSync');
      } else {
        throwsWith(() => lib.signJwtSync(first.user, keyOf(first.keyName), first.options), 'ERR_RUNTIME_UNSUPPORTED', 'signJwtSync');
        throwsWith(() => lib.verifyJwtSync(first.token, keyring, verifyAt), 'ERR_RUNTIME_UNSUPPORTED', 'verifyJwtSync');
        throwsWith(() => signer.signSync(first.user, first.options), 'ERR_RUNTIME_UNSUPPORTED', 'signer.signSync');
        throwsWith(() => verifier.verifySync(first.token), 'ERR_RUNTIME_UNSUPPORTED', 'verifier.verifySync');
        // The async calls still work on the same signer: sync failing must not poison it.
        assertEqual(await signer.sign(first.user, first.options), first.token, 'signer.sign after signSync threw');
      }
    },
  },
];
