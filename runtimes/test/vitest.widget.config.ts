// Runs runtimes/test/widget.browser.test.ts in headless Chromium against the real token handler
// (the `widget` leg of npm run test:runtimes).
// The page is served from http://localhost:PORT; the token server listens on 127.0.0.1 (another
// site). /zendesk/* is proxied to it, so the page reaches its endpoint same-origin, as in an app.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { common, root } from './shared.config.js';
import { startTokenServer } from './token-server.js';

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);

/** A free port for the page, known before the token server is made (its allowedOrigins names the page). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// Vitest evaluates this file more than once; the page port and the server are made once per process.
process.env['WIDGET_TEST_PAGE_PORT'] ??= String(await freePort());
const pagePort = Number(process.env['WIDGET_TEST_PAGE_PORT']);
const pageOrigin = `http://localhost:${pagePort}`;
const shared = globalThis as { widgetTokenServer?: ReturnType<typeof startTokenServer> };
const tokenServer = await (shared.widgetTokenServer ??= startTokenServer(pageOrigin));

export default defineConfig({
  root,
  server: { host: 'localhost', port: pagePort, strictPort: true, proxy: { '/zendesk': tokenServer.url, '/stats': tokenServer.url } },
  test: {
    ...common,
    include: ['runtimes/test/widget.browser.test.ts'],
    testTimeout: 30_000,
    provide: { tokenServer: tokenServer.url, pageOrigin },
    browser: {
      enabled: true,
      headless: true,
      api: { host: 'localhost', port: pagePort, strictPort: true },
      provider: playwright({ launchOptions: { executablePath, args: ['--no-sandbox'] } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
