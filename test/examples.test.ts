// Runs every example file the guides include, so the guides cannot drift from working code.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toNodeListener } from '../src/handler.js';
import { verifyJwtSync } from '../src/index.js';

const KID = 'app_examples_test';
const SECRET = 'examples-test-secret-0123456789abcdef';
const key = { kid: KID, secret: SECRET };
const jane = { externalId: 'user-1042', name: 'Jane Soap' };

process.env.ZENDESK_KEY_ID = KID;
process.env.ZENDESK_SECRET = SECRET;
process.env.SESSION_SECRET = 'examples-session-secret';
process.env.HOST = '127.0.0.1';
process.env.PORT = '0';

async function baseUrl(server: Server): Promise<string> {
  if (!server.listening) await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** 200 {jwt, exp} with the cookie, 401 without, a cross-site page 403, a wrong method 404/405. */
async function expectTokenEndpoint(url: string, cookie = 'session=demo-session-jane', user: object = jane): Promise<void> {
  const ok = await fetch(url, { method: 'POST', headers: { cookie } });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('cache-control')).toBe('no-store');
  expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
  const { jwt, exp } = (await ok.json()) as { jwt: string; exp: number };
  const verified = verifyJwtSync(jwt, key);
  expect(verified.user).toMatchObject(user);
  expect(exp).toBe(verified.claims.exp);
  const anonymous = await fetch(url, { method: 'POST' });
  expect(anonymous.status).toBe(401);
  await anonymous.body?.cancel();
  const crossSite = await fetch(url, { method: 'POST', headers: { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
  expect(crossSite.status).toBe(403);
  await crossSite.body?.cancel();
  const wrongMethod = await fetch(url, { method: 'PUT' });
  expect([404, 405]).toContain(wrongMethod.status);
  await wrongMethod.body?.cancel();
}

describe('Node http example (node-server.ts)', () => {
  let server: Server;
  beforeAll(async () => {
    ({ server } = await import('../examples/node-server.js'));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('serves tokens on 127.0.0.1 at POST /zendesk/jwt', async () => {
    const url = await baseUrl(server);
    await expectTokenEndpoint(`${url}/zendesk/jwt`);
    const wrong = await fetch(`${url}/zendesk/jwt`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });
});

describe('Express example (express.ts) with express-session', () => {
  let server: Server;
  beforeAll(async () => {
    const example = await import('../examples/express.js');
    server = example.server;
    // Stands in for the app's own login route, which the example leaves to the app.
    example.app.post('/login', (req, res) => {
      req.session.user = { id: 'user-1042', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true };
      res.sendStatus(204);
    });
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('gives the logged-in user a token from req.session, a logged-out one 401', async () => {
    const url = await baseUrl(server);
    const login = await fetch(`${url}/login`, { method: 'POST' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^connect\.sid=/);
    await expectTokenEndpoint(`${url}/zendesk/jwt`, cookie, { ...jane, email: 'jane@example.com', emailVerified: true });
  });
});

describe('Hono example (hono.ts) on @hono/node-server', () => {
  let server: Server;
  beforeAll(async () => {
    const { default: app } = await import('../examples/hono.js');
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('reads the user the session middleware set on c', async () => {
    await expectTokenEndpoint(`${await baseUrl(server)}/zendesk/jwt`);
  });
});

describe('Next.js route example (nextjs-route.ts)', () => {
  it('exports POST as a plain Fetch handler and dynamic rendering', async () => {
    const route = await import('../examples/nextjs-route.js');
    expect(route.dynamic).toBe('force-dynamic');
    // Next.js calls POST(request, { params }).
    const ok = await route.POST(new Request('https://shop.example/zendesk/jwt', { method: 'POST', headers: { cookie: 'session=demo-session-jane' } }), { params: Promise.resolve({}) });
    const { jwt } = (await ok.json()) as { jwt: string };
    expect(verifyJwtSync(jwt, key).user).toEqual({ ...jane, email: 'jane@example.com', emailVerified: true });
    expect((await route.POST(new Request('https://shop.example/zendesk/jwt', { method: 'POST' }))).status).toBe(401);
    const server = createServer(toNodeListener((request) => route.POST(request))).listen(0, '127.0.0.1');
    try {
      await expectTokenEndpoint(`${await baseUrl(server)}/zendesk/jwt`, 'session=demo-session-jane', { ...jane, email: 'jane@example.com', emailVerified: true });
    } finally {
      server.close();
    }
  });
});

describe('Cloudflare Worker example (worker.ts)', () => {
  it('routes /zendesk/jwt to the handler made from env', async () => {
    const { default: worker } = await import('../examples/worker.js');
    const env = { ZENDESK_KEY_ID: KID, ZENDESK_SECRET: SECRET };
    const ok = await worker.fetch(new Request('https://w.example/zendesk/jwt', { method: 'POST', headers: { cookie: 'session=demo-session-jane' } }), env);
    const { jwt } = (await ok.json()) as { jwt: string };
    expect(verifyJwtSync(jwt, key).user.externalId).toBe('user-1042');
    expect((await worker.fetch(new Request('https://w.example/other'), env)).status).toBe(404);
  });
});

describe('key rotation example (keyring.ts)', () => {
  it('signs with the newest key and verifies tokens of both', async () => {
    const old = { kid: 'app_old', secret: 'old-secret-0123456789abcdef0123456789' };
    const fresh = { kid: 'app_new', secret: 'new-secret-0123456789abcdef0123456789' };
    process.env.ZENDESK_KEYS = JSON.stringify([fresh, old]);
    const { signer, verifier } = await import('../examples/keyring.js');
    const token = signer.signSync({ externalId: 'u1' });
    expect(verifyJwtSync(token, fresh).header.kid).toBe('app_new');
    const { signJwtSync } = await import('../src/index.js');
    expect(verifier.verifySync(signJwtSync({ externalId: 'u1' }, old)).header.kid).toBe('app_old');
    expect(verifier.verifySync(token).user.externalId).toBe('u1');
  });
});

describe('page example (page.ts) against a real endpoint', () => {
  let server: Server;
  beforeAll(async () => {
    const { POST } = await import('../examples/nextjs-route.js');
    server = createServer(toNodeListener((request) => POST(request))).listen(0, '127.0.0.1');
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  /** A stand-in zE: loginUser keeps the jwtCallback, and `ask()` calls it as the widget does (at login, after expiry). */
  function standInZE() {
    const calls: unknown[][] = [];
    let jwtCallback: ((callback: (jwt: string) => void) => void) | undefined;
    const zE = (...args: unknown[]): void => {
      calls.push(args);
      if (args[1] === 'loginUser') jwtCallback = args[2] as typeof jwtCallback;
    };
    const ask = (): Promise<string> => new Promise((resolve) => jwtCallback?.(resolve));
    return { zE, calls, ask };
  }

  it('loginUser gets a fresh token from the endpoint on every ask; a failed widget login is logged', async () => {
    const url = `${await baseUrl(server)}/zendesk/jwt`;
    const widget = standInZE();
    vi.stubGlobal('zE', widget.zE);
    // The page's fetch carries the session cookie; Node's fetch has no cookie jar, so add it here.
    const realFetch = globalThis.fetch;
    let requests = 0;
    vi.stubGlobal('fetch', (input: string, init: RequestInit) => {
      requests++;
      return realFetch(input, { ...init, headers: { cookie: 'session=demo-session-jane' } });
    });
    try {
      const { loginToZendesk } = await import('../examples/page.js');
      loginToZendesk(url);
      expect(widget.calls[0]?.slice(0, 2)).toEqual(['messenger', 'loginUser']);
      expect(verifyJwtSync(await widget.ask(), key).user.externalId).toBe('user-1042');
      expect(verifyJwtSync(await widget.ask(), key).user.externalId).toBe('user-1042');
      expect(requests).toBe(2);
      const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const loginCallback = widget.calls[0]?.[3] as (error: unknown) => void;
      loginCallback(null);
      expect(spy).not.toHaveBeenCalled();
      loginCallback({ type: 'LoginFailedError', reason: 'invalid jwt', message: 'm' });
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('logs the widget out when the site session has ended (401), and logs other failures', async () => {
    const url = `${await baseUrl(server)}/zendesk/jwt`;
    const widget = standInZE();
    vi.stubGlobal('zE', widget.zE);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { loginToZendesk, logoutFromZendesk } = await import('../examples/page.js');
      loginToZendesk(url);
      void widget.ask();
      await vi.waitFor(() => expect(widget.calls.at(-1)).toEqual(['messenger', 'logoutUser']));
      // Nothing listens on port 1: no answer, tried twice.
      loginToZendesk('http://127.0.0.1:1/zendesk/jwt');
      void widget.ask();
      await vi.waitFor(() => expect(spy).toHaveBeenCalledWith('Zendesk login: no token (network, HTTP 0)'));
      logoutFromZendesk();
      expect(widget.calls.at(-1)).toEqual(['messenger', 'logoutUser']);
    } finally {
      spy.mockRestore();
      vi.unstubAllGlobals();
    }
  });
});
