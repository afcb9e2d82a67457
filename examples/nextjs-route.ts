// app/zendesk/jwt/route.ts
import { createTokenHandler } from '../src/index.js';
import { userFromSession } from './session.js';

// A route handler is a Fetch handler: the token handler is one, as it is. Read your session
// from the request (cookies), e.g. with next-auth: authenticate: async () => toUser(await auth()).
export const POST = createTokenHandler({
  key: { kid: process.env.ZENDESK_KEY_ID ?? '', secret: process.env.ZENDESK_SECRET ?? '' },
  authenticate: userFromSession,
});

// Never prerender or cache a per-user credential.
export const dynamic = 'force-dynamic';
