import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Serve a Fetch-API handler ((request: Request) => Promise<Response>) from Node's http module, or
 * from Express, whose req and res are Node's IncomingMessage and ServerResponse.
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    // The token endpoint reads no body: the session cookie says who is asking.
    const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), {
      method: req.method ?? 'GET',
      headers,
    });
    handler(request)
      .then(async (response) => {
        response.headers.forEach((value, name) => res.setHeader(name, value));
        res.writeHead(response.status);
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => {
        res.writeHead(500, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end('{"error":"internal_error"}');
      });
  };
}
