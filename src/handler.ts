import { type MessagingUser } from './claims.js';
import { argument, describe, fail, guard, JwtError, number, own } from './errors.js';
import { createSigner, type SigningKey } from './sign.js';

/** The HTTP methods a token endpoint may answer. */
export type TokenHandlerMethod = 'POST' | 'GET';

/** How {@link createTokenHandler} signs, whom it signs for, and which pages may ask. */
export interface TokenHandlerOptions<C = unknown> {
  /** The signing key from Admin Center; checked when the handler is created. */
  key: SigningKey;
  /**
   * Who is asking: return the signed-in user, or `null` (or `undefined`) for nobody (the handler
   * answers 401). May return a Promise. `context` is whatever the framework handed the handler
   * as its second argument: the Node request under {@link toNodeListener} (so `req.session` and
   * `req.user` from your middleware are there), Hono's `c`, or `undefined` when none was given.
   */
  authenticate(request: Request, context: C | undefined): MessagingUser | null | undefined | Promise<MessagingUser | null | undefined>;
  /**
   * Seconds each token lives: a positive whole number, default 600. A token endpoint always sets
   * `exp`; keep it short, the widget asks again when the token has expired.
   */
  expiresIn?: number | undefined;
  /** Methods answered; anything else is 405 with an `Allow` header. Default `['POST']`. */
  methods?: readonly TokenHandlerMethod[] | undefined;
  /**
   * Pages on other sites that may get a token with the visitor's cookies, as exact origins
   * (`https://shop.example`, `http://localhost:5173`: scheme, host and port; no path, no `*`).
   * Default none: a cross-site request is refused with 403. Answers to an allowed origin carry
   * `Access-Control-Allow-Origin` and `Access-Control-Allow-Credentials`, so that page can read them.
   */
  allowedOrigins?: readonly string[] | undefined;
  /**
   * Called with what went wrong when the handler answers 500 (authenticate threw, or the user it
   * returned breaks a claim rule). The response never carries the detail. Default: one line on
   * `console.error` with the error's code and message.
   */
  onError?: ((error: unknown, request: Request) => void) | undefined;
}

/**
 * A Fetch-API handler: Workers, Next.js route handlers, Hono, Bun.serve, Deno.serve. `context` is
 * passed on to `authenticate` as it is.
 */
export type TokenHandler<C = unknown> = (request: Request, context?: C) => Promise<Response>;

const ALLOWED_METHODS: readonly string[] = ['POST', 'GET'];
const DEFAULT_EXPIRES_IN = 600;

/**
 * Create the endpoint the page calls from `zE('messenger', 'loginUser', jwtCallback)`: it asks
 * `authenticate` who the caller is and answers `{"jwt":"…","exp":…}` signed for that user. Uses
 * only the `Request` and `Response` globals, so the same handler runs on every Fetch-API runtime.
 *
 * Responses (all with `Cache-Control: no-store` and a JSON body):
 * - 200 `{"jwt":"…","exp":1700000600}` for a signed-in user (`exp` in epoch seconds, as in the token);
 * - 401 `{"error":"unauthenticated"}` when `authenticate` returns `null` (or `undefined`);
 * - 403 `{"error":"cross_site"}` for a request from a page on another site whose origin is not in
 *   `allowedOrigins`: `Sec-Fetch-Site: cross-site`, or, from a client that sends no
 *   `Sec-Fetch-Site`, an `Origin` whose host is not the request's own. A request with neither
 *   header (a mobile app, a server) is not affected;
 * - 405 `{"error":"method_not_allowed"}` with `Allow` for a method not in `methods`;
 * - 500 `{"error":"internal_error"}` when `authenticate` throws or the user breaks a claim rule
 *   (the detail goes to `onError`, never into the response).
 *
 * @param options - `key`, `authenticate`, and optionally `expiresIn`, `methods`, `allowedOrigins`, `onError`
 * @returns `(request: Request, context?: C) => Promise<Response>`
 * @throws {@link JwtError} at once: `ERR_KEY_INVALID` for a bad key, `ERR_CLAIM_INVALID` (claim
 *   `exp`) for an `expiresIn` that is not a positive whole number of seconds, `ERR_OPTION_INVALID`
 *   for a bad `authenticate`, `methods`, `allowedOrigins` or `onError`
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
export function createTokenHandler<C = unknown>(options: TokenHandlerOptions<C>): TokenHandler<C> {
  const {
    key,
    authenticate,
    expiresIn = DEFAULT_EXPIRES_IN,
    methods = ['POST'],
    allowedOrigins = [],
    onError = logError,
  } = guard(() => {
    // Own fields only: a polluted Object.prototype.allowedOrigins must not let another site in.
    const given = argument(options, 'options', 'ERR_OPTION_INVALID');
    const field = <K extends keyof TokenHandlerOptions<C>>(name: K) => own(given, name) as TokenHandlerOptions<C>[K];
    return { key: field('key'), authenticate: field('authenticate'), expiresIn: field('expiresIn'), methods: field('methods'), allowedOrigins: field('allowedOrigins'), onError: field('onError') };
  });
  // A token endpoint without exp would hand out tokens that never expire: null is refused here.
  if (!Number.isSafeInteger(expiresIn) || (expiresIn as number) <= 0) {
    throw fail('ERR_CLAIM_INVALID', 'expiresIn', 'be a positive whole number of seconds', { got: number(expiresIn), claim: 'exp', fix: 'a token endpoint always sets exp; 600 is the default' });
  }
  // Key checked here, so a misconfigured service fails at start-up, not on a login.
  const signer = createSigner(key, { expiresIn });
  if (typeof authenticate !== 'function') {
    throw fail('ERR_OPTION_INVALID', 'authenticate', 'be a function (request, context) => user | null', { got: describe(authenticate) });
  }
  if (typeof onError !== 'function') {
    throw fail('ERR_OPTION_INVALID', 'onError', 'be a function', { got: describe(onError) });
  }
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((method) => ALLOWED_METHODS.includes(method))) {
    throw fail('ERR_OPTION_INVALID', 'methods', 'be a non-empty array of "POST" and/or "GET"');
  }
  const origins = readOrigins(allowedOrigins);
  const allowed = new Set<string>(methods);
  const allow = [...allowed].join(', ');

  return async (request, context) => {
    if (!allowed.has(request.method)) return json(405, { error: 'method_not_allowed' }, { Allow: allow });
    const origin = request.headers.get('origin');
    const cors: Record<string, string> =
      origin !== null && origins.has(origin) ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {};
    if (crossSite(request, origin) && !origins.has(origin ?? '')) return json(403, { error: 'cross_site' });
    let answer: { jwt: string; exp: number };
    try {
      const user = await authenticate(request, context);
      if (user === null || user === undefined) return json(401, { error: 'unauthenticated' }, cors);
      // One clock reading for the token and the answer, so `exp` is the token's own.
      const now = Math.floor(Date.now() / 1000);
      answer = { jwt: await signer.sign(user, { now }), exp: now + expiresIn };
    } catch (error) {
      try {
        onError(error, request);
      } catch {
        // A failing logger must not turn a clean 500 into an unhandled rejection.
      }
      return json(500, { error: 'internal_error' }, cors);
    }
    return json(200, answer, cors);
  };
}

/**
 * True when the request comes from a page on another site. Browsers since 2023 send
 * `Sec-Fetch-Site`, which says so directly (`same-site`, another subdomain of the same site, is
 * not cross-site). Older browsers send only `Origin` on a POST: there the Origin's host must be
 * the request's own. The scheme is not compared, so an app behind a TLS-terminating proxy (which
 * sees http:// URLs for https:// pages) still serves its own pages.
 */
function crossSite(request: Request, origin: string | null): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'cross-site';
  if (origin === null) return false;
  return hostOf(origin) !== new URL(request.url).host;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    // "null" (a sandboxed frame, a privacy-sensitive redirect) or garbage: never the request's host.
    return undefined;
  }
}

function originOf(text: string): string | undefined {
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}

/** The exact origins from `allowedOrigins`; anything that is not one is refused at creation. */
function readOrigins(value: unknown): Set<string> {
  if (!Array.isArray(value)) throw fail('ERR_OPTION_INVALID', 'allowedOrigins', 'be an array of origins such as "https://shop.example"', { got: describe(value) });
  for (const origin of value as unknown[]) {
    if (typeof origin !== 'string' || !/^https?:\/\//.test(origin) || originOf(origin) !== origin) {
      throw fail(
        'ERR_OPTION_INVALID',
        'allowedOrigins',
        'hold exact origins: scheme, lowercase host and port, as in "https://shop.example" (no path, no trailing slash, no *)',
        { got: typeof origin === 'string' ? JSON.stringify(origin) : describe(origin) },
      );
    }
  }
  return new Set(value as string[]);
}

function json(status: number, body: object, headers?: Record<string, string>): Response {
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

/** The part of Node's `http.IncomingMessage` (and Express's `req`) that {@link toNodeListener} reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  /** The path and query; under an Express router, relative to where the router is mounted. */
  readonly url?: string | undefined;
  /** Express keeps the full path here when a router rewrote `url`. */
  readonly originalUrl?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** True once a body parser has read the body: the Request then has none. */
  readonly readableEnded?: boolean | undefined;
  /** A TLS socket has `encrypted: true`: the URL then starts with https://. */
  readonly socket?: object | null | undefined;
}

/** The part of Node's `http.ServerResponse` (and Express's `res`) that {@link toNodeListener} writes. */
export interface NodeResponseLike {
  statusCode: number;
  /** Sets one answer header (a list for a header sent several times). */
  setHeader(name: string, value: string | readonly string[]): unknown;
  /** Sends the body and ends the answer. */
  end(chunk?: Uint8Array): unknown;
}

/**
 * Serve a token handler from Node's `http` module or from Express: builds a Fetch `Request` from
 * the Node request (method, URL from `Host`, headers, body) and writes the `Response` back. The
 * Node request itself goes to the handler as `context`, so `authenticate` can read what your
 * middleware put on it (`req.session`, `req.user`). Imports nothing from `node:`.
 *
 * @param handler - a handler from {@link createTokenHandler}
 * @returns a `(req, res) => void` listener for `http.createServer` or `app.post(path, …)`
 * @throws never: a handler that rejects is answered with 500 `{"error":"internal_error"}`
 * @example
 * ```ts
 * import express from 'express';
 * import session from 'express-session';
 *
 * const app = express();
 * app.use(session({ secret: env.SESSION_SECRET, resave: false, saveUninitialized: false }));
 * app.post('/zendesk/jwt', toNodeListener(createTokenHandler<express.Request>({
 *   key: { kid: env.ZENDESK_KEY_ID, secret: env.ZENDESK_SECRET },
 *   authenticate: (_request, req) => (req?.session.user ? { externalId: req.session.user.id } : null),
 * })));
 * ```
 */
export function toNodeListener<Req extends NodeRequestLike, Res extends NodeResponseLike = NodeResponseLike>(handler: TokenHandler<Req>): (req: Req, res: Res) => void {
  return (req, res) => {
    respond(handler, req)
      .then(async (response) => {
        const body = new Uint8Array(await response.arrayBuffer());
        res.statusCode = response.status;
        // A token handler sets no cookie, so no header here needs Set-Cookie's one-line-each rule.
        response.headers.forEach((value, name) => res.setHeader(name, value));
        res.end(body);
      })
      .catch(() => {
        // Headers are sent only by end(), so a failure anywhere above can still become a clean 500.
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        return res.end(new TextEncoder().encode('{"error":"internal_error"}'));
      });
  };
}

async function respond<Req extends NodeRequestLike>(handler: TokenHandler<Req>, req: Req): Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // Node's own pseudo-headers (HTTP/2 `:path`) are not header names a Request accepts.
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) headers.append(name, item);
  }
  const scheme = (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true ? 'https' : 'http';
  const url = new URL(req.originalUrl ?? req.url ?? '/', `${scheme}://${headers.get('host') ?? 'localhost'}`);
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD' && req.readableEnded !== true) {
    init.body = streamOf(req);
    init.duplex = 'half';
  }
  return handler(new Request(url, init), req);
}

/** The body as a stream that reads the Node request only when someone reads the body. */
function streamOf(req: AsyncIterable<Uint8Array | string>): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Uint8Array | string> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= req[Symbol.asyncIterator]();
        const next = await chunks.next();
        if (next.done === true) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? new TextEncoder().encode(next.value) : next.value);
      },
      async cancel() {
        await chunks?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
