// Runs every example file the guides include, so the guides cannot drift from working code.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyJwtSync } from '../src/index.js';

const KID = 'app_examples_test';
const SECRET = 'examples-test-secret-0123456789abcdef';
const key = { kid: KID, secret: SECRET };
const jane = { externalId: 'user-1042', name: 'Jane Soap' };

process.env.ZENDESK_KEY_ID = KID;
process.env.ZENDESK_SECRET = SECRET;
process.env.HOST = '127.0.0.1';
process.env.PORT = '0';

// Express is not installed here: a stand-in with Express's shape, on Node's http, runs the example.
vi.mock('express', () => ({
  default: () => {
    const routes = new Map<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void>();
    return {
      post(path: string, listener: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) {
        routes.set(`POST ${path}`, listener);
        return this;
      },
      listen(port: number, host: string) {
        return createServer((req, res) => {
          const route = routes.get(`${req.method} ${req.url}`);
          if (route) route(req, res);
          else res.writeHead(404).end();
        }).listen(port, host);
      },
    };
  },
}));

async function baseUrl(server: Server): Promise<string> {
  if (!server.listening) await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function expectTokenEndpoint(url: string): Promise<void> {
  const ok = await fetch(url, { method: 'POST', headers: { cookie: 'session=demo-session-jane' } });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('cache-control')).toBe('no-store');
  expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
  const { jwt } = (await ok.json()) as { jwt: string };
  expect(verifyJwtSync(jwt, key).user).toMatchObject(jane);
  const anonymous = await fetch(url, { method: 'POST' });
  expect(anonymous.status).toBe(401);
  await anonymous.body?.cancel();
  const wrongMethod = await fetch(url, { method: 'PUT' });
  expect([404, 405]).toContain(wrongMethod.status);
  await wrongMethod.body?.cancel();
}

describe('Node http example (node-server.ts + node-adapter.ts)', () => {
  let server: Server;
  beforeAll(async () => {
    ({ server } = await import('../examples/node-server.js'));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('serves tokens on 127.0.0.1 through the adapter', async () => {
    const url = await baseUrl(server);
    await expectTokenEndpoint(`${url}/api/zendesk/jwt`);
    const wrong = await fetch(`${url}/api/zendesk/jwt`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });

  it('adapter answers 500 when the handler itself rejects', async () => {
    const { toNodeListener } = await import('../examples/node-adapter.js');
    const broken = createServer(toNodeListener(() => Promise.reject(new Error('x')))).listen(0, '127.0.0.1');
    try {
      const response = await fetch(await baseUrl(broken), { method: 'POST', headers: { 'x-a': 'b' } });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'internal_error' });
    } finally {
      broken.close();
    }
  });
});

describe('Express example (express.ts)', () => {
  let server: Server;
  beforeAll(async () => {
    ({ server } = await import('../examples/express.js'));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('mounts the token route with app.post', async () => {
    await expectTokenEndpoint(`${await baseUrl(server)}/api/zendesk/jwt`);
  });
});

describe('Next.js route example (nextjs-route.ts)', () => {
  it('exports POST as a plain Fetch handler and dynamic rendering', async () => {
    const route = await import('../examples/nextjs-route.js');
    expect(route.dynamic).toBe('force-dynamic');
    const ok = await route.POST(new Request('https://shop.example/api/zendesk/jwt', { method: 'POST', headers: { cookie: 'session=demo-session-jane' } }));
    const { jwt } = (await ok.json()) as { jwt: string };
    expect(verifyJwtSync(jwt, key).user).toEqual({ ...jane, email: 'jane@example.com', emailVerified: true });
    expect((await route.POST(new Request('https://shop.example/api/zendesk/jwt', { method: 'POST' }))).status).toBe(401);
  });
});

describe('Cloudflare Worker example (worker.ts)', () => {
  it('routes /api/zendesk/jwt to the handler made from env', async () => {
    const { default: worker } = await import('../examples/worker.js');
    const env = { ZENDESK_KEY_ID: KID, ZENDESK_SECRET: SECRET };
    const ok = await worker.fetch(new Request('https://w.example/api/zendesk/jwt', { method: 'POST', headers: { cookie: 'session=demo-session-jane' } }), env);
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
    const { toNodeListener } = await import('../examples/node-adapter.js');
    const { POST } = await import('../examples/nextjs-route.js');
    server = createServer(toNodeListener(POST)).listen(0, '127.0.0.1');
  });

  it('loginUser fetches the token and hands it to the widget; logoutUser is called', async () => {
    const url = `${await baseUrl(server)}/api/zendesk/jwt`;
    const calls: unknown[][] = [];
    let handed: Promise<string> = Promise.reject(new Error('loginUser not called'));
    handed.catch(() => undefined);
    const zE = (...args: unknown[]): void => {
      calls.push(args);
      if (args[1] === 'loginUser') {
        const jwtCallback = args[2] as (callback: (jwt: string) => void) => void;
        handed = new Promise((resolve) => jwtCallback(resolve));
      }
    };
    vi.stubGlobal('zE', zE);
    // The page's fetch carries the session cookie; Node's fetch has no cookie jar, so add it here.
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init: RequestInit) => realFetch(input, { ...init, headers: { cookie: 'session=demo-session-jane' } }));
    try {
      const { loginToZendesk, logoutFromZendesk } = await import('../examples/page.js');
      loginToZendesk(url);
      expect(calls[0]?.slice(0, 2)).toEqual(['messenger', 'loginUser']);
      expect(verifyJwtSync(await handed, key).user.externalId).toBe('user-1042');
      // The login callback logs a failure from the widget, and is quiet on success.
      const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const loginCallback = calls[0]?.[3] as (error: unknown) => void;
      loginCallback(null);
      expect(spy).not.toHaveBeenCalled();
      loginCallback({ type: 'LoginFailedError', reason: 'invalid jwt', message: 'm' });
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
      logoutFromZendesk();
      expect(calls[1]).toEqual(['messenger', 'logoutUser']);
    } finally {
      vi.unstubAllGlobals();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
