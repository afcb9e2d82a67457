import { createServer } from 'node:http';
import { createTokenHandler, toNodeListener } from '../src/index.js';
import { userFromSession } from './session.js';

// Created at start-up: a wrong kid or secret stops the service here, not at the first login.
const zendeskJwt = toNodeListener(
  createTokenHandler({
    key: { kid: process.env.ZENDESK_KEY_ID ?? '', secret: process.env.ZENDESK_SECRET ?? '' },
    authenticate: userFromSession,
  }),
);

export const server = createServer((req, res) => {
  if (req.url === '/zendesk/jwt') return zendeskJwt(req, res);
  res.writeHead(404).end();
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
