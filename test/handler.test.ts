import { describe, expect, it, vi } from 'vitest';
import { createTokenHandler, toNodeListener, type TokenHandlerOptions } from '../src/handler.js';
import { verifyJwtSync, type MessagingUser } from '../src/index.js';
import { expectJwtError } from './helpers/jwt-error.js';

const key = { kid: 'app_handler_test', secret: 'handler-test-secret-0123456789abcdef' };
const jane: MessagingUser = { externalId: 'user-1042', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true };
const post = (url = 'https://shop.example/zendesk/jwt'): Request => new Request(url, { method: 'POST' });

function handler(options: Partial<TokenHandlerOptions<unknown>> = {}) {
  return createTokenHandler({ key, authenticate: () => jane, onError: () => undefined, ...options });
}

describe('createTokenHandler', () => {
  it('answers {"jwt"} for the authenticated user, uncacheable JSON, a token that verifies', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await handler()(post());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { jwt: string; exp: number };
    expect(Object.keys(body)).toEqual(['jwt', 'exp']);
    const { claims, user, header } = verifyJwtSync(body.jwt, key);
    expect(body.exp).toBe(claims.exp);
    expect(header.kid).toBe(key.kid);
    expect(user).toEqual(jane);
    expect(claims.exp).toBeGreaterThanOrEqual(before + 600);
    expect(claims.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
  });

  it('passes the request to authenticate and awaits a Promise', async () => {
    const seen: string[] = [];
    const respond = handler({
      authenticate: async (request) => {
        seen.push(request.headers.get('cookie') ?? '');
        return { externalId: 'from-promise' };
      },
    });
    const response = await respond(new Request('https://x.example/', { method: 'POST', headers: { cookie: 'session=abc' } }));
    expect(seen).toEqual(['session=abc']);
    const { jwt } = (await response.json()) as { jwt: string };
    expect(verifyJwtSync(jwt, key).user).toEqual({ externalId: 'from-promise' });
  });

  it('passes the context through to authenticate, and undefined without one', async () => {
    const seen: unknown[] = [];
    const respond = createTokenHandler<{ userId: string }>({
      key,
      authenticate: (_request, context) => {
        seen.push(context);
        return context ? { externalId: context.userId } : null;
      },
    });
    const ok = await respond(post(), { userId: 'ctx-7' });
    expect(verifyJwtSync(((await ok.json()) as { jwt: string }).jwt, key).user).toEqual({ externalId: 'ctx-7' });
    expect((await respond(post())).status).toBe(401);
    expect(seen).toEqual([{ userId: 'ctx-7' }, undefined]);
  });

  it('honours expiresIn, and exp in the answer is the token exp from one clock reading', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_999, toFake: ['Date'] });
    try {
      const response = await handler({ expiresIn: 60 })(post());
      const body = (await response.json()) as { jwt: string; exp: number };
      expect(body.exp).toBe(1_700_000_060);
      expect(verifyJwtSync(body.jwt, key, { now: 1_700_000_000 }).claims.exp).toBe(1_700_000_060);
    } finally {
      vi.useRealTimers();
    }
    const response = await handler({ expiresIn: 60 })(post());
    const { jwt } = (await response.json()) as { jwt: string };
    const exp = verifyJwtSync(jwt, key).claims.exp ?? 0;
    expect(exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60);
    expect(exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(50);
  });

  it.each([null, undefined])('answers 401 when authenticate gives %s', async (nobody) => {
    const response = await handler({ authenticate: () => nobody })(post());
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'unauthenticated' });
  });

  it('answers 405 with Allow for a method not configured; GET only when asked for', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const response = await handler()(new Request('https://x.example/', { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toEqual({ error: 'method_not_allowed' });
    }
    const both = handler({ methods: ['GET', 'POST', 'GET'] });
    expect((await both(new Request('https://x.example/'))).status).toBe(200);
    expect((await both(post())).status).toBe(200);
    const refused = await both(new Request('https://x.example/', { method: 'PUT' }));
    expect(refused.headers.get('allow')).toBe('GET, POST');
    expect((await handler({ methods: ['GET'] })(post())).headers.get('allow')).toBe('GET');
  });

  it('does not call authenticate for a refused method', async () => {
    const authenticate = vi.fn(() => jane);
    await handler({ authenticate })(new Request('https://x.example/', { method: 'PUT' }));
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('answers a generic 500 when authenticate throws or rejects, and tells onError', async () => {
    const errors: unknown[] = [];
    const boom = new Error(`database down; secret=${key.secret}`);
    for (const authenticate of [
      () => {
        throw boom;
      },
      () => Promise.reject(boom),
    ]) {
      const response = await handler({ authenticate, onError: (error) => errors.push(error) })(post());
      expect(response.status).toBe(500);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const text = await response.text();
      expect(text).toBe('{"error":"internal_error"}');
      expect(text).not.toContain(key.secret);
    }
    expect(errors).toEqual([boom, boom]);
  });

  it('answers 500 when the user breaks a claim rule (a number external_id), never echoing it', async () => {
    const errors: unknown[] = [];
    const response = await handler({
      authenticate: () => ({ externalId: 42 }) as unknown as MessagingUser,
      onError: (error) => errors.push(error),
    })(post());
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal_error' });
    expect(errors).toHaveLength(1);
    expect((errors[0] as { code: string }).code).toBe('ERR_CLAIM_INVALID');
  });

  it('survives an onError that throws', async () => {
    const response = await handler({
      authenticate: () => {
        throw new Error('x');
      },
      onError: () => {
        throw new Error('logger down');
      },
    })(post());
    expect(response.status).toBe(500);
  });

  it('logs code and message by default, never the secret', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const respond = createTokenHandler({ key, authenticate: () => ({ externalId: '' }) });
      expect((await respond(post())).status).toBe(500);
      const plain = createTokenHandler({
        key,
        authenticate: () => {
          throw new TypeError('no session store');
        },
      });
      expect((await plain(post())).status).toBe(500);
      const odd = createTokenHandler({
        key,
        authenticate: () => {
          throw 'a string';
        },
      });
      expect((await odd(post())).status).toBe(500);
      const lines = spy.mock.calls.map((call) => String(call[0]));
      expect(lines[0]).toMatch(/ERR_CLAIM_INVALID: externalId must be a string/);
      expect(lines[1]).toMatch(/TypeError: no session store/);
      expect(lines[2]).toMatch(/answered 500: string$/);
      for (const line of lines) expect(line).not.toContain(key.secret);
    } finally {
      spy.mockRestore();
    }
  });

  it('validates at creation: key, expiresIn, authenticate, methods, onError, options', () => {
    expectJwtError(() => createTokenHandler({ key: { kid: 'k', secret: 'short' }, authenticate: () => jane }), 'ERR_KEY_INVALID');
    expectJwtError(() => createTokenHandler({ key: { kid: '', secret: key.secret }, authenticate: () => jane }), 'ERR_KEY_INVALID');
    // A token endpoint always sets exp: null (no exp) is refused like any other bad lifetime.
    for (const expiresIn of [null, 0, -5, 1.5, Number.NaN, Infinity, 2 ** 53, '600']) {
      const error = expectJwtError(() => handler({ expiresIn: expiresIn as number }), 'ERR_CLAIM_INVALID', 'exp');
      expect(error.message).toMatch(/^expiresIn must be a positive whole number of seconds/);
    }
    for (const allowedOrigins of ['https://a.example', [1], ['*'], ['https://a.example/'], ['https://a.example/app'], ['https://A.example'], ['null'], ['https://'], ['ftp://a.example'], ['a.example']]) {
      const error = expectJwtError(() => handler({ allowedOrigins: allowedOrigins as string[] }), 'ERR_OPTION_INVALID');
      expect(error.message).toMatch(/^allowedOrigins must/);
    }
    expect(() => handler({ allowedOrigins: ['https://a.example', 'http://localhost:5173', 'https://[::1]:8443'] })).not.toThrow();
    expect(() => handler({ expiresIn: undefined, methods: undefined, allowedOrigins: undefined, onError: undefined })).not.toThrow();
    expectJwtError(() => handler({ authenticate: 'nope' as unknown as TokenHandlerOptions['authenticate'] }), 'ERR_OPTION_INVALID');
    expectJwtError(() => handler({ onError: 1 as unknown as NonNullable<TokenHandlerOptions['onError']> }), 'ERR_OPTION_INVALID');
    for (const methods of [[], ['PUT'], ['post'], 'POST']) {
      expectJwtError(() => handler({ methods: methods as unknown as NonNullable<TokenHandlerOptions['methods']> }), 'ERR_OPTION_INVALID');
    }
    expectJwtError(() => createTokenHandler(null as unknown as TokenHandlerOptions), 'ERR_OPTION_INVALID');
    const trap = (): never => {
      throw new Error('trap');
    };
    // Own fields are read through getOwnPropertyDescriptor, then get: a throw from either is the caller's.
    const hostile = new Proxy({}, { get: trap, getOwnPropertyDescriptor: trap });
    expectJwtError(() => createTokenHandler(hostile as TokenHandlerOptions), 'ERR_OPTION_INVALID');
    // The secret never reaches a message.
    const error = expectJwtError(() => createTokenHandler({ key: { kid: 'k', secret: ` ${key.secret}` }, authenticate: () => jane }), 'ERR_KEY_INVALID');
    expect(error.message).not.toContain(key.secret);
  });

  it('uses only Fetch globals: the source imports nothing from node:', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../src/handler.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from ['"]node:|import\(['"]node:|require\(|process\.|\bBuffer\b/);
  });
});

describe('createTokenHandler: cross-site requests', () => {
  const url = 'https://shop.example/zendesk/jwt';
  const from = (headers: Record<string, string>, target = url): Request => new Request(target, { method: 'POST', headers });
  const status = async (respond: ReturnType<typeof handler>, request: Request): Promise<number> => (await respond(request)).status;

  it('refuses Sec-Fetch-Site: cross-site with 403 {"error":"cross_site"} before asking authenticate', async () => {
    const authenticate = vi.fn(() => jane);
    const response = await handler({ authenticate })(from({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }));
    expect(response.status).toBe(403);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toEqual({ error: 'cross_site' });
    expect(authenticate).not.toHaveBeenCalled();
    // Without any Origin at all, a cross-site request is still refused.
    expect(await status(handler(), from({ 'sec-fetch-site': 'cross-site' }))).toBe(403);
  });

  it('never reads options inherited from Object.prototype (allowedOrigins, expiresIn)', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.allowedOrigins = ['https://evil.example'];
    proto.expiresIn = 1e6;
    try {
      const respond = handler();
      expect(await status(respond, from({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }))).toBe(403);
      const { exp } = (await (await respond(from({}))).json()) as { exp: number };
      expect(exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(600);
    } finally {
      delete proto.allowedOrigins;
      delete proto.expiresIn;
    }
  });

  it('lets same-origin, same-site, none, and requests without the header (apps) through', async () => {
    const respond = handler();
    expect(await status(respond, from({ 'sec-fetch-site': 'same-origin', origin: 'https://shop.example' }))).toBe(200);
    expect(await status(respond, from({ 'sec-fetch-site': 'same-site', origin: 'https://www.shop.example' }))).toBe(200);
    expect(await status(respond, from({ 'sec-fetch-site': 'none' }))).toBe(200);
    expect(await status(respond, from({}))).toBe(200);
  });

  it('lets an allowed origin through, with the CORS headers its page needs to read the answer', async () => {
    const respond = handler({ allowedOrigins: ['https://app.other.example'] });
    const ok = await respond(from({ 'sec-fetch-site': 'cross-site', origin: 'https://app.other.example' }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.other.example');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ok.headers.get('vary')).toBe('Origin');
    const nobody = await handler({ allowedOrigins: ['https://app.other.example'], authenticate: () => null })(
      from({ 'sec-fetch-site': 'cross-site', origin: 'https://app.other.example' }),
    );
    expect(nobody.status).toBe(401);
    expect(nobody.headers.get('access-control-allow-origin')).toBe('https://app.other.example');
    // Exact match only: another port, scheme or subdomain is another origin.
    for (const origin of ['https://app.other.example:8443', 'http://app.other.example', 'https://x.app.other.example']) {
      expect(await status(respond, from({ 'sec-fetch-site': 'cross-site', origin }))).toBe(403);
    }
    // A same-origin answer carries no CORS header.
    expect((await respond(from({ 'sec-fetch-site': 'same-origin', origin: 'https://shop.example' }))).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('without Sec-Fetch-Site (older browsers), refuses an Origin whose host is not the request host', async () => {
    const respond = handler({ allowedOrigins: ['https://partner.example'] });
    expect(await status(respond, from({ origin: 'https://evil.example' }))).toBe(403);
    expect(await status(respond, from({ origin: 'null' }))).toBe(403);
    expect(await status(respond, from({ origin: 'https://shop.example:444' }))).toBe(403);
    expect(await status(respond, from({ origin: 'https://shop.example' }))).toBe(200);
    // Behind a TLS-terminating proxy the app sees http:// for its https:// page: same host, served.
    expect(await status(respond, from({ origin: 'https://shop.example' }, 'http://shop.example/zendesk/jwt'))).toBe(200);
    expect(await status(respond, from({ origin: 'https://partner.example' }))).toBe(200);
  });

  it('answers 405 before looking at the origin', async () => {
    const response = await handler()(new Request(url, { method: 'PUT', headers: { 'sec-fetch-site': 'cross-site' } }));
    expect(response.status).toBe(405);
  });
});

describe('toNodeListener (in process, with Node-shaped objects)', () => {
  interface Written {
    status: number;
    headers: Record<string, string | readonly string[]>;
    body: string;
  }
  function fakeResponse(): { res: import('../src/handler.js').NodeResponseLike; done: Promise<Written> } {
    let finish: (written: Written) => void = () => undefined;
    const done = new Promise<Written>((resolve) => (finish = resolve));
    const headers: Record<string, string | readonly string[]> = {};
    const res = {
      statusCode: 200,
      setHeader(name: string, value: string | readonly string[]) {
        headers[name] = value;
      },
      end(chunk?: Uint8Array) {
        finish({ status: res.statusCode, headers, body: new TextDecoder().decode(chunk) });
      },
    };
    return { res, done };
  }
  function fakeRequest(fields: Partial<import('../src/handler.js').NodeRequestLike>, chunks: (string | Uint8Array)[] = []): import('../src/handler.js').NodeRequestLike {
    return {
      headers: {},
      async *[Symbol.asyncIterator]() {
        yield* chunks;
      },
      ...fields,
    };
  }
  async function serve(handler: Parameters<typeof toNodeListener>[0], req: import('../src/handler.js').NodeRequestLike): Promise<Written> {
    const { res, done } = fakeResponse();
    toNodeListener(handler)(req, res);
    return done;
  }

  it('builds https:// on a TLS socket, prefers Express originalUrl, joins repeated headers, drops pseudo-headers, reads string chunks', async () => {
    let seen: Request | undefined;
    let context: unknown;
    const req = fakeRequest(
      {
        method: 'POST',
        url: '/jwt',
        originalUrl: '/zendesk/jwt?a=1',
        socket: { encrypted: true },
        headers: { host: 'shop.example', ':path': '/zendesk/jwt', 'x-many': ['a', 'b'], 'x-none': undefined },
      },
      ['he', new TextEncoder().encode('llo')],
    );
    const written = await serve(async (request, ctx) => {
      seen = request;
      context = ctx;
      // Bytes, not a string: a string body gets a content-type that differs between runtimes.
      return new Response(new TextEncoder().encode(await request.text()), { status: 201, headers: { 'x-out': '1' } });
    }, req);
    expect(seen?.url).toBe('https://shop.example/zendesk/jwt?a=1');
    expect(seen?.headers.get('x-many')).toBe('a, b');
    expect(context).toBe(req);
    expect(written).toEqual({ status: 201, headers: { 'x-out': '1' }, body: 'hello' });
  });

  it('defaults: GET, "/", localhost, http, no body; no body once a parser has read it', async () => {
    const urls: string[] = [];
    const bodies: (ReadableStream | null)[] = [];
    const record = async (request: Request): Promise<Response> => {
      urls.push(`${request.method} ${request.url}`);
      bodies.push(request.body);
      return new Response('');
    };
    await serve(record, fakeRequest({ socket: null }));
    await serve(record, fakeRequest({ method: 'POST', url: '/x', readableEnded: true, headers: { host: '127.0.0.1:9' } }));
    await serve(record, fakeRequest({ method: 'HEAD', url: '/y' }));
    expect(urls).toEqual(['GET http://localhost/', 'POST http://127.0.0.1:9/x', 'HEAD http://localhost/y']);
    expect(bodies).toEqual([null, null, null]);
  });

  it('reads the body only when asked, and lets a cancelled body go', async () => {
    let pulled = 0;
    const req: import('../src/handler.js').NodeRequestLike = {
      method: 'POST',
      headers: {},
      [Symbol.asyncIterator]() {
        return {
          next: async () => {
            pulled++;
            return { done: false, value: 'x' };
          },
          return: async () => ({ done: true, value: undefined }),
        };
      },
    };
    await serve(async (request) => {
      await request.body?.cancel();
      return new Response('');
    }, req);
    expect(pulled).toBe(0);
    await serve(async (request) => {
      const reader = request.body?.getReader();
      await reader?.read();
      await reader?.cancel();
      return new Response('');
    }, req);
    expect(pulled).toBe(1);
  });

  it('answers 500 JSON when the handler rejects or the request cannot become a Request', async () => {
    const rejected = await serve(() => Promise.reject(new Error('x')), fakeRequest({ method: 'POST' }));
    expect(rejected).toEqual({
      status: 500,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: '{"error":"internal_error"}',
    });
    const badHost = await serve(() => Promise.resolve(new Response('')), fakeRequest({ headers: { host: 'bad host' } }));
    expect(badHost.status).toBe(500);
  });
});
