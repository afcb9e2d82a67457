// The token handler on real servers on 127.0.0.1: Express with express-session, Node's http,
// Hono on @hono/node-server and a Next.js-style route module (workerd: the runtime matrix's
// examples leg). Each one must see its own session through `context`, and refuse a cross-site page.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import session from 'express-session';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenHandler, toNodeListener } from '../src/handler.js';
import { verifyJwtSync, type MessagingUser } from '../src/index.js';

// This test keeps its own session shape (examples/express.ts declares the app's one).
type TestSession = { user?: { id: string; name: string } };
const sessionOf = (req: express.Request): TestSession => req.session as unknown as TestSession;

const key = { kid: 'app_servers_test', secret: 'servers-test-secret-0123456789abcdef' };
const jane: MessagingUser = { externalId: 'user-1042', name: 'Jane Soap' };

async function listen(server: Server): Promise<string> {
  if (!server.listening) await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closeAll: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closeAll.map((close) => close()));
});
function track(server: Server): Server {
  closeAll.push(() => new Promise<void>((done) => server.close(() => done())));
  return server;
}

/** The token answer for `url`, checked: 200, no-store JSON, a token for `user` whose exp is the answer's. */
async function expectToken(response: Response, user: MessagingUser): Promise<void> {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { jwt: string; exp: number };
  const verified = verifyJwtSync(body.jwt, key);
  expect(verified.user).toEqual(user);
  expect(body.exp).toBe(verified.claims.exp);
}

/** The same server refuses a cross-site page, and serves same-origin and header-less (app) requests. */
async function expectCrossSiteRules(url: string, headers: Record<string, string>): Promise<void> {
  const refused = await fetch(url, { method: 'POST', headers: { ...headers, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
  expect(refused.status).toBe(403);
  expect(await refused.json()).toEqual({ error: 'cross_site' });
  const sameOrigin = await fetch(url, { method: 'POST', headers: { ...headers, 'sec-fetch-site': 'same-origin', origin: new URL(url).origin } });
  expect(sameOrigin.status).toBe(200);
  await sameOrigin.body?.cancel();
  const app = await fetch(url, { method: 'POST', headers });
  expect(app.status).toBe(200);
  await app.body?.cancel();
  const partner = await fetch(url, { method: 'POST', headers: { ...headers, 'sec-fetch-site': 'cross-site', origin: 'https://partner.example' } });
  expect(partner.status).toBe(200);
  expect(partner.headers.get('access-control-allow-origin')).toBe('https://partner.example');
  await partner.body?.cancel();
}

describe('Express with express-session', () => {
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(session({ secret: 'express-session-test-secret', resave: false, saveUninitialized: false }));
    app.post('/login', (req, res) => {
      sessionOf(req).user = { id: 'user-1042', name: 'Jane Soap' };
      res.sendStatus(204);
    });
    app.post(
      '/zendesk/jwt',
      toNodeListener(
        createTokenHandler<express.Request>({
          key,
          allowedOrigins: ['https://partner.example'],
          authenticate: (_request, req) => {
            const user = req && sessionOf(req).user;
            return user ? { externalId: user.id, name: user.name } : null;
          },
        }),
      ),
    );
    base = await listen(track(app.listen(0, '127.0.0.1')));
  });

  it('gives a logged-in user a token from the session, and a logged-out one 401', async () => {
    const anonymous = await fetch(`${base}/zendesk/jwt`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'unauthenticated' });
    const login = await fetch(`${base}/login`, { method: 'POST' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^connect\.sid=/);
    await expectToken(await fetch(`${base}/zendesk/jwt`, { method: 'POST', headers: { cookie } }), jane);
    await expectCrossSiteRules(`${base}/zendesk/jwt`, { cookie });
  });
});

describe('node:http through toNodeListener', () => {
  let base: string;
  const seen: { url: string; body: string; context: boolean }[] = [];
  beforeAll(async () => {
    const listener = toNodeListener(
      createTokenHandler<IncomingMessage>({
        key,
        allowedOrigins: ['https://partner.example'],
        authenticate: async (request, req) => {
          seen.push({ url: request.url, body: await request.text(), context: req !== undefined && typeof req.on === 'function' });
          return request.headers.get('cookie') === 'session=jane' ? jane : null;
        },
      }),
    );
    base = await listen(track(createServer(listener).listen(0, '127.0.0.1')));
  });

  it('builds the Request from the Node request (URL from Host, headers, body) and passes req as context', async () => {
    await expectToken(await fetch(`${base}/zendesk/jwt?x=1`, { method: 'POST', headers: { cookie: 'session=jane' }, body: 'hello' }), jane);
    expect(seen.at(-1)).toEqual({ url: `${base}/zendesk/jwt?x=1`, body: 'hello', context: true });
    expect((await fetch(`${base}/zendesk/jwt`, { method: 'POST' })).status).toBe(401);
    await expectCrossSiteRules(`${base}/zendesk/jwt`, { cookie: 'session=jane' });
    const wrong = await fetch(`${base}/zendesk/jwt`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    await wrong.body?.cancel();
  });
});

describe('Hono on @hono/node-server', () => {
  let base: string;
  beforeAll(async () => {
    const handler = createTokenHandler<Context>({
      key,
      allowedOrigins: ['https://partner.example'],
      authenticate: (_request, c) => (c && getCookie(c, 'session') === 'jane' ? jane : null),
    });
    const app = new Hono();
    app.on(['POST', 'GET'], '/zendesk/jwt', (c) => handler(c.req.raw, c));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    base = await listen(track(server));
  });

  it('hands Hono’s c to authenticate', async () => {
    await expectToken(await fetch(`${base}/zendesk/jwt`, { method: 'POST', headers: { cookie: 'session=jane' } }), jane);
    expect((await fetch(`${base}/zendesk/jwt`, { method: 'POST' })).status).toBe(401);
    await expectCrossSiteRules(`${base}/zendesk/jwt`, { cookie: 'session=jane' });
    expect((await fetch(`${base}/zendesk/jwt`)).status).toBe(405);
  });
});

describe('a Next.js-style route module (export const POST = handler)', () => {
  it('answers as a plain Fetch handler, served here through Node', async () => {
    const POST = createTokenHandler({
      key,
      allowedOrigins: ['https://partner.example'],
      authenticate: (request) => (request.headers.get('cookie') === 'session=jane' ? jane : null),
    });
    // Next.js calls POST(request, { params }): the second argument arrives as context, unused here.
    await expectToken(await POST(new Request('https://shop.example/zendesk/jwt', { method: 'POST', headers: { cookie: 'session=jane' } }), { params: {} }), jane);
    const base = await listen(track(createServer(toNodeListener((request) => POST(request))).listen(0, '127.0.0.1')));
    await expectCrossSiteRules(`${base}/zendesk/jwt`, { cookie: 'session=jane' });
  });
});
