// The browser side of the login: the jwtCallback that the Web Widget's loginUser calls. It
// imports nothing (no signing code, no errors.ts): a page bundle gets these few hundred bytes only.

/** Why no token reached the widget. */
export type WidgetTokenErrorReason = 'unauthenticated' | 'forbidden' | 'network' | 'server' | 'bad_response';

/**
 * What went wrong fetching a token for the widget: `reason` to branch on, and the HTTP `status`
 * (0 when no answer came at all).
 *
 * - `unauthenticated`: the endpoint answered 401: nobody is signed in on the site;
 * - `forbidden`: 403: the endpoint refused this page (another site, not in `allowedOrigins`);
 * - `network`: no answer, twice (offline, DNS, CORS);
 * - `server`: a 5xx twice, or another status that is not a token (404: a wrong `endpoint`);
 * - `bad_response`: a 2xx whose body is not JSON with a `jwt` of three base64url segments.
 *
 * @example
 * ```ts
 * createJwtCallback({
 *   endpoint: '/zendesk/jwt',
 *   onError: (error) => {
 *     if (error.reason === 'unauthenticated') zE('messenger', 'logoutUser');
 *     else console.error(error.reason, error.status, error.message);
 *   },
 * });
 * ```
 */
export class WidgetTokenError extends Error {
  /** Why no token came, to branch on. */
  readonly reason: WidgetTokenErrorReason;
  /** The HTTP status of the last answer, 0 when there was none. */
  readonly status: number;

  /**
   * @param reason - why no token came
   * @param status - the HTTP status, 0 without an answer
   * @param message - what happened, for a log
   * @param options - the underlying cause, if any
   * @throws never
   * @example
   * ```ts
   * new WidgetTokenError('server', 502, 'the token endpoint answered 502');
   * ```
   */
  constructor(reason: WidgetTokenErrorReason, status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WidgetTokenError';
    this.reason = reason;
    this.status = status;
  }
}

/** Where {@link createJwtCallback} fetches tokens, and whom it tells when that fails. */
export interface JwtCallbackOptions {
  /** The token endpoint, e.g. `'/zendesk/jwt'`. */
  endpoint: string | URL;
  /**
   * Merged into each request over the default `{ method: 'POST', credentials: 'same-origin' }`:
   * e.g. `{ credentials: 'include' }` for an endpoint on another origin, or a CSRF header.
   */
  init?: RequestInit | undefined;
  /** The fetch to use; default `globalThis.fetch`, looked up on each call. */
  fetch?: typeof fetch | undefined;
  /** Told when no token could be had (the widget's callback is then not called). Default `console.error`. */
  onError?: ((error: WidgetTokenError) => void) | undefined;
}

// Three base64url segments, none empty: the only shape the widget can use.
const COMPACT_JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * The `jwtCallback` for `zE('messenger', 'loginUser', jwtCallback)`. The widget calls it whenever
 * it needs a token, also after the last one expired, so each call fetches a fresh one from
 * `endpoint`; nothing is kept for the next call. Calls that overlap share one request. A network
 * error or a 5xx is tried once more; 401 and 403 are not. On success the widget's callback gets
 * the token; otherwise it is not called and `onError` gets a {@link WidgetTokenError}.
 *
 * @param options - `endpoint`, and optionally `init`, `fetch`, `onError`
 * @returns the callback to hand to `loginUser`
 * @throws TypeError at once when `endpoint` is neither a string nor a URL
 * @example
 * ```ts
 * import { createJwtCallback } from 'zendesk-messaging-jwt/widget';
 *
 * zE('messenger', 'loginUser', createJwtCallback({ endpoint: '/zendesk/jwt' }), (error) => {
 *   if (error) console.error('Zendesk login failed', error.reason);
 * });
 * // When the site session ends:
 * zE('messenger', 'logoutUser');
 * ```
 */
export function createJwtCallback(options: JwtCallbackOptions): (callback: (jwt: string) => void) => void {
  const { endpoint, init, fetch: fetchWith, onError = (error: WidgetTokenError) => console.error(error) } = options;
  if (typeof endpoint !== 'string' && !(endpoint instanceof URL)) {
    throw new TypeError('createJwtCallback: endpoint must be the token endpoint URL, e.g. "/zendesk/jwt"');
  }
  const requestInit: RequestInit = { method: 'POST', credentials: 'same-origin', ...init };
  let waiting: ((jwt: string) => void)[] | undefined;

  async function fetchToken(retry: boolean): Promise<string> {
    let response: Response;
    try {
      response = await (fetchWith ?? fetch)(endpoint, requestInit);
    } catch (cause) {
      if (retry) return fetchToken(false);
      throw new WidgetTokenError('network', 0, 'no answer from the token endpoint', { cause });
    }
    const { status } = response;
    if (status > 499 && retry) return fetchToken(false);
    if (!response.ok) {
      throw new WidgetTokenError(status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'server', status, `the token endpoint answered ${status}`);
    }
    let jwt: unknown;
    try {
      jwt = ((await response.json()) as { jwt?: unknown }).jwt;
    } catch {
      // Not JSON, or JSON null: the check below reports it.
    }
    if (typeof jwt !== 'string' || !COMPACT_JWT.test(jwt)) {
      throw new WidgetTokenError('bad_response', status, 'the token endpoint answered without {"jwt":"<header>.<payload>.<signature>"}');
    }
    return jwt;
  }

  return (callback) => {
    if (waiting) {
      waiting.push(callback);
      return;
    }
    const callbacks = (waiting = [callback]);
    fetchToken(true).then(
      (jwt) => {
        waiting = undefined;
        for (const each of callbacks) each(jwt);
      },
      (error: WidgetTokenError) => {
        waiting = undefined;
        onError(error);
      },
    );
  };
}
