import express from 'express';
import session from 'express-session';
import { createTokenHandler, toNodeListener } from '../src/index.js';

// What your own login stores in the session (express-session keeps it server-side).
declare module 'express-session' {
  interface SessionData {
    user?: { id: string; name: string; email: string; emailVerified: boolean };
  }
}

export const app = express();
app.use(session({ secret: process.env.SESSION_SECRET ?? '', resave: false, saveUninitialized: false }));
// ...your routes, including the login that sets req.session.user...

// Behind the session middleware: the handler gets Express's req as `context`, so it sees req.session.
app.post(
  '/zendesk/jwt',
  toNodeListener(
    createTokenHandler<express.Request>({
      key: { kid: process.env.ZENDESK_KEY_ID ?? '', secret: process.env.ZENDESK_SECRET ?? '' },
      authenticate: (_request, req) => {
        const user = req?.session.user;
        return user ? { externalId: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified } : null;
      },
    }),
  ),
);

export const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
