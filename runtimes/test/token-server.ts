// A real token endpoint on 127.0.0.1 for the browser test of the widget helper
// (runtimes/test/widget.browser.test.ts): started by its vitest config, in Node, before Chromium opens.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenHandler, toNodeListener } from '../../src/handler.js';

export const TOKEN_KEY = { kid: 'app_browser_test', secret: 'browser-test-secret-0123456789abcdef' };

export interface TokenServer {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/**
 * Routes: POST /zendesk/jwt (no allowedOrigins; the page reaches it same-origin through the
 * dev server's proxy, or cross-site directly), POST /partner/zendesk/jwt (allows `pageOrigin`),
 * GET /stats (how many answers of each status, so the page can see a 403 it cannot read).
 * The user is the one behind the cookie `session=jane`; each token names the call count, so
 * two calls never get the same token.
 */
export async function startTokenServer(pageOrigin: string): Promise<TokenServer> {
  let calls = 0;
  const stats: Record<string, number> = {};
  const jane = (): { externalId: string; name: string } => ({ externalId: 'user-1042', name: `call ${++calls}` });
  const own = toNodeListener(
    createTokenHandler<IncomingMessage>({
      key: TOKEN_KEY,
      authenticate: (request) => (/(?:^|;\s*)session=jane(?:;|$)/.test(request.headers.get('cookie') ?? '') ? jane() : null),
    }),
  );
  const partner = toNodeListener(createTokenHandler<IncomingMessage>({ key: TOKEN_KEY, allowedOrigins: [pageOrigin], authenticate: jane }));
  const server = createServer((req, res) => {
    res.on('finish', () => {
      stats[`${req.url} ${res.statusCode}`] = (stats[`${req.url} ${res.statusCode}`] ?? 0) + 1;
    });
    if (req.url === '/zendesk/jwt') return own(req, res);
    if (req.url === '/partner/zendesk/jwt') return partner(req, res);
    if (req.url === '/stats') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify(stats));
    }
    res.statusCode = 404;
    return res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
