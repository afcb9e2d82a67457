import { createTokenHandler } from '../../dist/index.js';

// A stand-in for your session lookup: the user behind the request's session cookie, or null.
function userFromSession(request: Request) {
  const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return session === 'demo-session-jane' ? { externalId: 'user-1042', name: 'Jane Soap' } : null;
}

const zendeskJwt = createTokenHandler({
  key: { kid: Bun.env.ZENDESK_KEY_ID ?? '', secret: Bun.env.ZENDESK_SECRET ?? '' },
  authenticate: userFromSession,
});

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(Bun.env.PORT ?? 3000),
  routes: { '/zendesk/jwt': zendeskJwt },
  fetch: () => new Response('Not found', { status: 404 }),
});
console.log(`listening on ${server.url}`);
