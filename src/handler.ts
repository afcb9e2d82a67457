import { type MessagingUser } from './claims.js';
import { argument, describe, fail, guard, JwtError } from './errors.js';
import { createSigner, type SigningKey } from './sign.js';

/** The HTTP methods a token endpoint may answer. */
export type TokenHandlerMethod = 'POST' | 'GET';

/** How {@link createTokenHandler} signs and whom it signs for. */
export interface TokenHandlerOptions {
  /** The signing key from Admin Center; checked when the handler is created. */
  key: SigningKey;
  /**
   * Who is asking: read your session (cookie, header) from the request and return the user, or
   * `null` when nobody is signed in (the handler answers 401). May return a Promise.
   */
  authenticate: (request: Request) => MessagingUser | null | undefined | Promise<MessagingUser | null | undefined>;
  /** Seconds each token lives; default 600. Keep it short: the widget asks again when it needs to. */
  expiresIn?: number;
  /** Methods answered; anything else is 405 with an `Allow` header. Default `['POST']`. */
  methods?: readonly TokenHandlerMethod[];
  /**
   * Called with what went wrong when the handler answers 500 (authenticate threw, or the user it
   * returned breaks a claim rule). The response never carries the detail. Default: one line on
   * `console.error` with the error's code and message.
   */
  onError?: (error: unknown, request: Request) => void;
}

/** A Fetch-API handler: Workers, Next.js route handlers, Hono (`c.req.raw`), Bun.serve, Deno.serve. */
export type TokenHandler = (request: Request) => Promise<Response>;

const ALLOWED_METHODS: readonly string[] = ['POST', 'GET'];

/**
 * Create the endpoint the page calls from `zE('messenger', 'loginUser', callback)`: it asks
 * `authenticate` who the caller is and answers `{"jwt":"…"}` signed for that user. Uses only the
 * `Request` and `Response` globals, so the same handler runs on every Fetch-API runtime.
 *
 * Responses (all with `Cache-Control: no-store` and a JSON body):
 * - 200 `{"jwt":"…"}` for a signed-in user;
 * - 401 `{"error":"unauthenticated"}` when `authenticate` returns `null` (or `undefined`);
 * - 405 `{"error":"method_not_allowed"}` with `Allow` for a method not in `methods`;
 * - 500 `{"error":"internal_error"}` when `authenticate` throws or the user breaks a claim rule
 *   (the detail goes to `onError`, never into the response).
 *
 * @param options - `key`, `authenticate`, and optionally `expiresIn`, `methods`, `onError`
 * @returns `(request: Request) => Promise<Response>`
 * @throws {@link JwtError} at once: `ERR_KEY_INVALID` for a bad key, `ERR_CLAIM_INVALID` (claim
 *   `exp`) for a bad `expiresIn`, `ERR_OPTION_INVALID` for a bad `authenticate`, `methods` or `onError`
 * @example
 * ```ts
 * const handler = createTokenHandler({
 *   key: { kid: env.ZENDESK_KEY_ID, secret: env.ZENDESK_SECRET },
 *   authenticate: async (request) => {
 *     const session = await getSession(request);
 *     return session ? { externalId: session.userId, name: session.name } : null;
 *   },
 * });
 * // Next.js: export const POST = handler;  Bun: Bun.serve({ fetch: handler });  Deno: Deno.serve(handler)
 * ```
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const {
    key,
    authenticate,
    expiresIn,
    methods = ['POST'],
    onError = logError,
  } = guard(() => {
    const { key, authenticate, expiresIn, methods, onError } = argument(options, 'options', 'ERR_OPTION_INVALID');
    return { key, authenticate, expiresIn, methods, onError };
  });
  // Key and expiry are checked here, so a misconfigured service fails at start-up, not on a login.
  const signer = createSigner(key, expiresIn === undefined ? undefined : { expiresIn });
  if (typeof authenticate !== 'function') {
    throw fail('ERR_OPTION_INVALID', 'authenticate', 'be a function (request) => user | null', { got: describe(authenticate) });
  }
  if (typeof onError !== 'function') {
    throw fail('ERR_OPTION_INVALID', 'onError', 'be a function', { got: describe(onError) });
  }
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((method) => ALLOWED_METHODS.includes(method))) {
    throw fail('ERR_OPTION_INVALID', 'methods', 'be a non-empty array of "POST" and/or "GET"');
  }
  const allowed = new Set<string>(methods);
  const allow = [...allowed].join(', ');

  return async (request) => {
    if (!allowed.has(request.method)) {
      return json(405, { error: 'method_not_allowed' }, { Allow: allow });
    }
    let jwt: string;
    try {
      const user = await authenticate(request);
      if (user === null || user === undefined) return json(401, { error: 'unauthenticated' });
      jwt = await signer.sign(user);
    } catch (error) {
      try {
        onError(error, request);
      } catch {
        // A failing logger must not turn a clean 500 into an unhandled rejection.
      }
      return json(500, { error: 'internal_error' });
    }
    return json(200, { jwt });
  };
}

function json(status: number, body: Record<string, string>, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      // A token is a credential for one user: no browser or CDN may keep or share it.
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}

/** The default onError: code and message only; a JwtError message never holds a secret. */
function logError(error: unknown): void {
  const detail = JwtError.is(error) ? `${error.code}: ${error.message}` : error instanceof Error ? `${error.name}: ${error.message}` : describe(error);
  console.error(`zendesk-messaging-jwt token handler answered 500: ${detail}`);
}
