// createJwtCallback in Chromium against the real token handler on loopback (see
// runtimes/test/vitest.widget.config.ts): a stand-in zE calls the jwtCallback as the widget does.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createJwtCallback, WidgetTokenError } from '../../dist/widget.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tokenServer: string;
    pageOrigin: string;
  }
}

type JwtCallback = (callback: (jwt: string) => void) => void;

/** The widget's side: loginUser calls the jwtCallback now, and again on each `expire()`. */
function standInZE(jwtCallback: JwtCallback) {
  const ask = (): Promise<string> => new Promise((resolve) => jwtCallback(resolve));
  return { login: ask, expire: ask };
}

/** What the token's payload says (read, not verified: the browser holds no secret). */
function payload(jwt: string): Record<string, unknown> {
  const part = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

function failure(jwtCallback: (callback: (jwt: string) => void) => void, errors: WidgetTokenError[]): Promise<WidgetTokenError> {
  return new Promise((resolve, reject) => {
    const seen = errors.length;
    jwtCallback((jwt) => reject(new Error(`expected a failure, got ${jwt}`)));
    const wait = (): void => void (errors.length > seen ? resolve(errors[seen] as WidgetTokenError) : setTimeout(wait, 10));
    wait();
  });
}

const stats = async (): Promise<Record<string, number>> => (await fetch('/stats')).json() as Promise<Record<string, number>>;

afterEach(() => {
  document.cookie = 'session=; Max-Age=0; path=/';
});

describe('createJwtCallback in Chromium, real handler', () => {
  it('runs in a browser page on localhost, the token server on another site', () => {
    expect(typeof window).toBe('object');
    expect(location.origin).toBe(inject('pageOrigin'));
    expect(new URL(inject('tokenServer')).hostname).toBe('127.0.0.1');
  });

  it('logs in with the session cookie and fetches a fresh token at login and after expiry', async () => {
    document.cookie = 'session=jane; path=/';
    const zE = standInZE(createJwtCallback({ endpoint: '/zendesk/jwt' }));
    const first = await zE.login();
    const second = await zE.expire();
    expect(first).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toBe(second);
    expect(payload(first)).toMatchObject({ scope: 'user', external_id: 'user-1042' });
    expect(Number(String(payload(second).name).slice(5))).toBe(Number(String(payload(first).name).slice(5)) + 1);
  });

  it('shares one request between overlapping calls', async () => {
    document.cookie = 'session=jane; path=/';
    const before = (await stats())['/zendesk/jwt 200'] ?? 0;
    const jwtCallback = createJwtCallback({ endpoint: '/zendesk/jwt' });
    const [a, b] = await Promise.all([new Promise<string>((resolve) => jwtCallback(resolve)), new Promise<string>((resolve) => jwtCallback(resolve))]);
    expect(a).toBe(b);
    expect((await stats())['/zendesk/jwt 200']).toBe(before + 1);
  });

  it('tells onError "unauthenticated" (401) once the site session is gone, without retrying', async () => {
    const errors: WidgetTokenError[] = [];
    const before = (await stats())['/zendesk/jwt 401'] ?? 0;
    const error = await failure(createJwtCallback({ endpoint: '/zendesk/jwt', onError: (e) => errors.push(e) }), errors);
    expect(error).toBeInstanceOf(WidgetTokenError);
    expect([error.reason, error.status]).toEqual(['unauthenticated', 401]);
    expect((await stats())['/zendesk/jwt 401']).toBe(before + 1);
  });

  it('is refused cross-site: the handler answers 403 (the page cannot even read it)', async () => {
    const errors: WidgetTokenError[] = [];
    const before = (await stats())['/zendesk/jwt 403'] ?? 0;
    const error = await failure(
      createJwtCallback({ endpoint: `${inject('tokenServer')}/zendesk/jwt`, init: { credentials: 'include' }, onError: (e) => errors.push(e) }),
      errors,
    );
    // No CORS header on a refusal: the browser hides the answer, so the widget sees no answer (tried twice).
    expect([error.reason, error.status]).toEqual(['network', 0]);
    expect((await stats())['/zendesk/jwt 403']).toBe(before + 2);
  });

  it('gets a token cross-site from an endpoint whose allowedOrigins names this page', async () => {
    const zE = standInZE(createJwtCallback({ endpoint: `${inject('tokenServer')}/partner/zendesk/jwt`, init: { credentials: 'include' } }));
    expect(payload(await zE.login())).toMatchObject({ scope: 'user', external_id: 'user-1042' });
  });
});
