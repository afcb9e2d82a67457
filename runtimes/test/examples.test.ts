// The example servers the guides include, run on the runtime each is written for: Deno, Bun, and
// a Worker in workerd with no compatibility flag (the WebCrypto path); the Deno and Bun ones are
// also type-checked against those runtimes' own types. The root's
// test/examples.test.ts runs the Node examples; these need the runtimes this folder installs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyJwtSync } from '../../dist/index.js';

const KID = 'app_examples_test';
const SECRET = 'examples-test-secret-0123456789abcdef';
const key = { kid: KID, secret: SECRET };
const jane = { externalId: 'user-1042', name: 'Jane Soap' };
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string): string => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/** The part of a request and a response the checks use: Node's fetch and miniflare's (undici's types) both fit. */
interface Ask {
  readonly method: string;
  readonly headers?: Record<string, string>;
}
interface Answer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  readonly body: { cancel(): Promise<void> } | null;
}

/** What every example's token endpoint must do, whatever serves it. */
async function expectTokenEndpoint(fetchIt: (init: Ask) => Promise<Answer>): Promise<void> {
  const ok = await fetchIt({ method: 'POST', headers: { cookie: 'session=demo-session-jane' } });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('cache-control')).toBe('no-store');
  expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
  const { jwt, exp } = (await ok.json()) as { jwt: string; exp: number };
  expect(verifyJwtSync(jwt, key).user).toMatchObject(jane);
  expect(exp).toBe(verifyJwtSync(jwt, key).claims.exp);
  const anonymous = await fetchIt({ method: 'POST' });
  expect(anonymous.status).toBe(401);
  await anonymous.body?.cancel();
  // A page on another site must not get a token with the visitor's cookie.
  const crossSite = await fetchIt({
    method: 'POST',
    headers: { cookie: 'session=demo-session-jane', 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
  });
  expect(crossSite.status).toBe(403);
  await crossSite.body?.cancel();
  const wrongMethod = await fetchIt({ method: 'PUT' });
  expect([404, 405]).toContain(wrongMethod.status);
  await wrongMethod.body?.cancel();
}

/** Start an example server under another runtime on 127.0.0.1:0 and read its URL from its output. */
async function startRuntime(command: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ZENDESK_KEY_ID: KID, ZENDESK_SECRET: SECRET, HOST: '127.0.0.1', PORT: '0', NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 20 s; output: ${output}`)), 20_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  return { url, child };
}

describe.each([
  ['Deno', bin('deno'), ['run', '--allow-net=127.0.0.1', '--allow-env', 'examples/deno/server.ts']],
  ['Bun', bin('bun'), ['examples/bun/server.ts']],
])('%s example (real runtime, loopback only)', (_name, command, args) => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  });

  it('serves tokens that verify', async () => {
    const started = await startRuntime(command, args);
    child = started.child;
    await expectTokenEndpoint((init) => fetch(`${started.url}/zendesk/jwt`, init));
    expect((await fetch(`${started.url}/other`)).status).toBe(404);
  });
});

// The guides show these files; the root's snippet test compiles them against small stand-ins of the
// Deno and Bun globals, and these compile them against the real ones.
describe('Deno and Bun examples type-check against the real runtime types', () => {
  const check = (command: string, args: string[]): void => {
    const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } });
    expect(result.status, `${result.stdout}${result.stderr}${result.error?.message ?? ''}`).toBe(0);
  };

  it('deno check examples/deno/server.ts', () => {
    check(bin('deno'), ['check', 'examples/deno/server.ts']);
  });

  it('tsc with @types/bun, strict and exactOptionalPropertyTypes: examples/bun/', () => {
    check(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'runtimes/test/tsconfig.bun.json']);
  });
});

describe('Cloudflare Worker example in workerd (miniflare, no nodejs_compat: the WebCrypto path)', () => {
  it('serves tokens that verify', async () => {
    const bundle = await build({
      entryPoints: [join(root, 'examples', 'worker.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'error',
    });
    const mf = new Miniflare({
      modules: true,
      script: bundle.outputFiles[0]?.text ?? '',
      compatibilityDate: '2025-09-01',
      compatibilityFlags: [],
      bindings: { ZENDESK_KEY_ID: KID, ZENDESK_SECRET: SECRET },
    });
    try {
      await expectTokenEndpoint((init) => mf.dispatchFetch('http://localhost/zendesk/jwt', init));
      const wrong = await mf.dispatchFetch('http://localhost/zendesk/jwt', { method: 'GET' });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('POST');
      await wrong.text();
    } finally {
      await mf.dispose();
    }
  }, 60_000);
});
