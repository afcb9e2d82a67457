import { describe, expect, it, vi } from 'vitest';
import { createTokenHandler, verifyJwtSync, type MessagingUser, type TokenHandlerOptions } from '../src/index.js';
import { expectJwtError } from './helpers/jwt-error.js';

const key = { kid: 'app_handler_test', secret: 'handler-test-secret-0123456789abcdef' };
const jane: MessagingUser = { externalId: 'user-1042', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true };
const post = (url = 'https://shop.example/api/zendesk/jwt'): Request => new Request(url, { method: 'POST' });

function handler(options: Partial<TokenHandlerOptions> = {}) {
  return createTokenHandler({ key, authenticate: () => jane, onError: () => undefined, ...options });
}

describe('createTokenHandler', () => {
  it('answers {"jwt"} for the authenticated user, uncacheable JSON, a token that verifies', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await handler()(post());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { jwt: string };
    expect(Object.keys(body)).toEqual(['jwt']);
    const { claims, user, header } = verifyJwtSync(body.jwt, key);
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

  it('honours expiresIn', async () => {
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
    expectJwtError(() => handler({ expiresIn: 0 }), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(() => handler({ expiresIn: 1.5 }), 'ERR_CLAIM_INVALID', 'exp');
    expectJwtError(() => handler({ authenticate: 'nope' as unknown as TokenHandlerOptions['authenticate'] }), 'ERR_OPTION_INVALID');
    expectJwtError(() => handler({ onError: 1 as unknown as NonNullable<TokenHandlerOptions['onError']> }), 'ERR_OPTION_INVALID');
    for (const methods of [[], ['PUT'], ['post'], 'POST']) {
      expectJwtError(() => handler({ methods: methods as unknown as NonNullable<TokenHandlerOptions['methods']> }), 'ERR_OPTION_INVALID');
    }
    expectJwtError(() => createTokenHandler(null as unknown as TokenHandlerOptions), 'ERR_OPTION_INVALID');
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    expectJwtError(() => createTokenHandler(hostile as TokenHandlerOptions), 'ERR_OPTION_INVALID');
    // The secret never reaches a message.
    const error = expectJwtError(() => createTokenHandler({ key: { kid: 'k', secret: ` ${key.secret}` }, authenticate: () => jane }), 'ERR_KEY_INVALID');
    expect(error.message).not.toContain(key.secret);
  });

  it('uses only Fetch globals: the source imports nothing from node:', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../src/handler.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from ['"]node:|require\(|process\.|Buffer/);
  });
});
