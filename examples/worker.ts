import { createTokenHandler, type TokenHandler } from '../src/index.js';
import { userFromSession } from './session.js';

interface Env {
  ZENDESK_KEY_ID: string;
  ZENDESK_SECRET: string; // wrangler secret put ZENDESK_SECRET
}

// Secrets arrive with the first request's env; the handler (and its prepared key) is made once.
let zendeskJwt: TokenHandler<Env> | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    zendeskJwt ??= createTokenHandler<Env>({
      key: { kid: env.ZENDESK_KEY_ID, secret: env.ZENDESK_SECRET },
      authenticate: userFromSession,
    });
    if (new URL(request.url).pathname === '/zendesk/jwt') return zendeskJwt(request, env);
    return new Response('Not found', { status: 404 });
  },
};
