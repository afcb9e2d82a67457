import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJwtCallback, WidgetTokenError, type JwtCallbackOptions } from '../src/widget.js';

type JwtCallback = (callback: (jwt: string) => void) => void;

/** Tokens of the right shape, a new one each time: `h.p<N>.s`. */
let issued = 0;
const token = (): string => `eyJhbGciOiJIUzI1NiJ9.eyJuIjo${++issued}fQ.c2lnbmF0dXJl`;

/** A stand-in fetch that answers from a script of steps, and records each call. */
function scripted(...steps: (Response | Error | (() => Response | Promise<Response>))[]) {
  const calls: { input: unknown; init: RequestInit | undefined }[] = [];
  const fetch = vi.fn(async (input: unknown, init?: RequestInit): Promise<Response> => {
    calls.push({ input, init });
    const step = steps.shift() ?? new Response(JSON.stringify({ jwt: token(), exp: 1 }));
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step() : step;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}
const ok = (jwt = token()): Response => new Response(JSON.stringify({ jwt, exp: 1_700_000_600 }), { headers: { 'content-type': 'application/json' } });
const status = (code: number): Response => new Response(JSON.stringify({ error: 'x' }), { status: code });

/**
 * A stand-in for the Web Widget's zE: loginUser calls the jwtCallback at once (as the widget does
 * at login) and again whenever `expire()` says the token ran out; every token handed over is kept.
 */
function widget() {
  const handed: string[] = [];
  let jwtCallback: JwtCallback | undefined;
  const ask = (): Promise<string> => new Promise((resolve) => jwtCallback?.((jwt) => (handed.push(jwt), resolve(jwt))));
  let login: Promise<string> = Promise.resolve('');
  const zE = (api: 'messenger', method: 'loginUser', callback: JwtCallback): void => {
    expect([api, method]).toEqual(['messenger', 'loginUser']);
    jwtCallback = callback;
    login = ask();
  };
  return { zE, handed, login: () => login, expire: ask, callRaw: (callback: (jwt: string) => void) => jwtCallback?.(callback) };
}

/** Let every pending promise (fetch, json) settle. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function errorsOf(options: Omit<JwtCallbackOptions, 'onError'>): { callback: JwtCallback; errors: WidgetTokenError[] } {
  const errors: WidgetTokenError[] = [];
  return { callback: createJwtCallback({ ...options, onError: (error) => errors.push(error) }), errors };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('createJwtCallback with a stand-in widget', () => {
  it('fetches a fresh token at login and again after expiry: nothing is kept between calls', async () => {
    const { fetch, calls } = scripted();
    const zE = widget();
    zE.zE('messenger', 'loginUser', createJwtCallback({ endpoint: '/zendesk/jwt', fetch }));
    const first = await zE.login();
    const second = await zE.expire();
    const third = await zE.expire();
    expect(calls).toHaveLength(3);
    expect(new Set([first, second, third]).size).toBe(3);
    expect(zE.handed).toEqual([first, second, third]);
    expect(calls[0]?.input).toBe('/zendesk/jwt');
  });

  it('shares one request between overlapping calls, and starts a new one after it settled', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { fetch, calls } = scripted(() => new Promise<Response>((resolve) => (answer = resolve)));
    const callback = createJwtCallback({ endpoint: '/zendesk/jwt', fetch });
    const got: string[] = [];
    callback((jwt) => got.push(`a:${jwt}`));
    callback((jwt) => got.push(`b:${jwt}`));
    await settle();
    callback((jwt) => got.push(`c:${jwt}`));
    expect(calls).toHaveLength(1);
    answer(ok('h.shared.s'));
    await settle();
    expect(got).toEqual(['a:h.shared.s', 'b:h.shared.s', 'c:h.shared.s']);
    callback((jwt) => got.push(`d:${jwt}`));
    await settle();
    expect(calls).toHaveLength(2);
    expect(got).toHaveLength(4);
    expect(got[3]).not.toBe('d:h.shared.s');
  });

  it('shares a failure too: onError once, no callback, and the next call tries again', async () => {
    const { fetch, calls } = scripted(status(401));
    const { callback, errors } = errorsOf({ endpoint: '/zendesk/jwt', fetch });
    const got: string[] = [];
    callback((jwt) => got.push(jwt));
    callback((jwt) => got.push(jwt));
    await settle();
    expect(errors.map((error) => error.reason)).toEqual(['unauthenticated']);
    expect(got).toEqual([]);
    callback((jwt) => got.push(jwt));
    await settle();
    expect(calls).toHaveLength(2);
    expect(got).toHaveLength(1);
  });

  it.each([
    ['a network error', new TypeError('Failed to fetch')],
    ['a 503', status(503)],
    ['a 500', status(500)],
  ])('retries once after %s, then hands over the token', async (_name, first) => {
    const { fetch, calls } = scripted(first, ok('h.retried.s'));
    const { callback, errors } = errorsOf({ endpoint: '/zendesk/jwt', fetch });
    const got: string[] = [];
    callback((jwt) => got.push(jwt));
    await settle();
    expect(calls).toHaveLength(2);
    expect(got).toEqual(['h.retried.s']);
    expect(errors).toEqual([]);
  });

  it('gives up after the one retry: network (status 0) and server (the status)', async () => {
    const cause = new TypeError('Failed to fetch');
    const network = scripted(cause, cause);
    const one = errorsOf({ endpoint: '/zendesk/jwt', fetch: network.fetch });
    const server = scripted(status(502), status(504));
    const two = errorsOf({ endpoint: '/zendesk/jwt', fetch: server.fetch });
    const got: string[] = [];
    one.callback((jwt) => got.push(jwt));
    two.callback((jwt) => got.push(jwt));
    await settle();
    expect(got).toEqual([]);
    expect(network.calls).toHaveLength(2);
    expect(server.calls).toHaveLength(2);
    const [networkError] = one.errors;
    expect(networkError).toBeInstanceOf(WidgetTokenError);
    expect(networkError).toMatchObject({ name: 'WidgetTokenError', reason: 'network', status: 0, message: 'no answer from the token endpoint' });
    expect(networkError?.cause).toBe(cause);
    expect(two.errors[0]).toMatchObject({ reason: 'server', status: 504, message: 'the token endpoint answered 504' });
  });

  it.each([
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [404, 'server'],
    [405, 'server'],
    // 499 (a client closed the request, in nginx) is the last status that is not a server error.
    [499, 'server'],
  ])('does not retry a %i: reason %s', async (code, reason) => {
    const { fetch, calls } = scripted(status(code));
    const { callback, errors } = errorsOf({ endpoint: '/zendesk/jwt', fetch });
    const got: string[] = [];
    callback((jwt) => got.push(jwt));
    await settle();
    expect(calls).toHaveLength(1);
    expect(got).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason, status: code });
  });

  it.each([
    ['not JSON', 'the token'],
    ['JSON null', 'null'],
    ['no jwt', '{"token":"a.b.c"}'],
    ['a number', '{"jwt":42}'],
    ['two segments', '{"jwt":"a.b"}'],
    ['four segments', '{"jwt":"a.b.c.d"}'],
    ['an empty signature', '{"jwt":"a.b."}'],
    ['padding', '{"jwt":"a.b.c="}'],
    ['white space', '{"jwt":" a.b.c"}'],
    ['a trailing newline', '{"jwt":"a.b.c\\n"}'],
    ['standard base64', '{"jwt":"a+.b.c"}'],
  ])('refuses a 200 with %s as bad_response, without retrying', async (_name, body) => {
    const { fetch, calls } = scripted(new Response(body, { status: 200 }));
    const { callback, errors } = errorsOf({ endpoint: '/zendesk/jwt', fetch });
    const got: string[] = [];
    callback((jwt) => got.push(jwt));
    await settle();
    expect(got).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason: 'bad_response', status: 200, message: 'the token endpoint answered without {"jwt":"<header>.<payload>.<signature>"}' });
  });

  it('sends POST with credentials same-origin by default, merged with the given init', async () => {
    const { fetch, calls } = scripted();
    createJwtCallback({ endpoint: new URL('https://shop.example/zendesk/jwt'), fetch })(() => undefined);
    createJwtCallback({ endpoint: '/zendesk/jwt', fetch, init: { credentials: 'include', headers: { 'x-csrf-token': 't' } } })(() => undefined);
    createJwtCallback({ endpoint: '/zendesk/jwt', fetch, init: undefined })(() => undefined);
    await settle();
    expect(String(calls[0]?.input)).toBe('https://shop.example/zendesk/jwt');
    expect(calls.map((call) => call.init)).toEqual([
      { method: 'POST', credentials: 'same-origin' },
      { method: 'POST', credentials: 'include', headers: { 'x-csrf-token': 't' } },
      { method: 'POST', credentials: 'same-origin' },
    ]);
  });

  it('uses globalThis.fetch as it is at call time, and console.error by default', async () => {
    const { fetch, calls } = scripted(status(403));
    const callback = createJwtCallback({ endpoint: '/zendesk/jwt' });
    vi.stubGlobal('fetch', fetch);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    callback(() => undefined);
    await settle();
    expect(calls).toHaveLength(1);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[0]).toMatchObject({ reason: 'forbidden', status: 403 });
  });

  it('refuses an endpoint that is not a string or URL at once', () => {
    for (const endpoint of [undefined, 42, { href: '/x' }]) {
      expect(() => createJwtCallback({ endpoint } as unknown as JwtCallbackOptions)).toThrow(/endpoint must be the token endpoint URL/);
    }
  });
});
