import { createTokenHandler } from '../../dist/index.js';

// A stand-in for your session lookup: the user behind the request's session cookie, or null.
function userFromSession(request: Request) {
  const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return session === 'demo-session-jane' ? { externalId: 'user-1042', name: 'Jane Soap' } : null;
}

const zendeskJwt = createTokenHandler({
  key: { kid: Deno.env.get('ZENDESK_KEY_ID') ?? '', secret: Deno.env.get('ZENDESK_SECRET') ?? '' },
  authenticate: userFromSession,
});

Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.env.get('PORT') ?? 8000) }, (request) =>
  new URL(request.url).pathname === '/zendesk/jwt' ? zendeskJwt(request) : new Response('Not found', { status: 404 }),
);
