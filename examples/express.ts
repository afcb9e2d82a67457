import express from 'express';
import { createTokenHandler } from '../src/index.js';
import { toNodeListener } from './node-adapter.js';
import { userFromSession } from './session.js';

export const app = express();

// Express's req and res are Node's own, so the Fetch handler plugs in through the same adapter.
app.post(
  '/api/zendesk/jwt',
  toNodeListener(
    createTokenHandler({
      key: { kid: process.env.ZENDESK_KEY_ID ?? '', secret: process.env.ZENDESK_SECRET ?? '' },
      authenticate: userFromSession,
    }),
  ),
);

export const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
