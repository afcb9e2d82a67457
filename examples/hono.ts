import { Hono } from 'hono';
import { createTokenHandler, type MessagingUser } from '../src/index.js';
import { userFromSession } from './session.js';

type Env = { Variables: { user: MessagingUser | null } };

export const app = new Hono<Env>();

// Your session middleware: whatever it sets on c is there for authenticate.
app.use(async (c, next) => {
  c.set('user', await userFromSession(c.req.raw));
  await next();
});

const zendeskJwt = createTokenHandler<{ get(name: 'user'): MessagingUser | null }>({
  key: { kid: process.env.ZENDESK_KEY_ID ?? '', secret: process.env.ZENDESK_SECRET ?? '' },
  authenticate: (_request, c) => c?.get('user'),
});

// Hono's c goes to the handler as context.
app.post('/zendesk/jwt', (c) => zendeskJwt(c.req.raw, c));

export default app;
