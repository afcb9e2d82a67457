// Just enough of Deno's and Bun's globals for the guides' snippets to compile in
// test/snippets.test.ts, where neither runtime's types are installed (Deno's do not exist on npm).
// Only that test loads this file (tsconfig.test.json leaves it out). The runtime matrix runs the
// example files on the real Deno and Bun, and type-checks them with `deno check` and @types/bun.
declare namespace Deno {
  interface ServeOptions {
    hostname?: string;
    port?: number;
    signal?: AbortSignal;
    onListen?: (addr: { hostname: string; port: number }) => void;
  }
  type ServeHandler = (request: Request, info: { remoteAddr: { hostname: string; port: number } }) => Response | Promise<Response>;
  interface HttpServer {
    readonly finished: Promise<void>;
    shutdown(): Promise<void>;
  }
  const env: { get(key: string): string | undefined };
  function serve(handler: ServeHandler): HttpServer;
  function serve(options: ServeOptions, handler: ServeHandler): HttpServer;
}

declare namespace Bun {
  type Handler = (request: Request) => Response | Promise<Response>;
  type Route = Response | Handler | Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS', Response | Handler>>;
  interface Server {
    readonly url: URL;
    readonly port: number;
    stop(): void;
  }
  const env: Record<string, string | undefined>;
  function serve(options: { hostname?: string; port?: number | string; routes?: Record<string, Route>; fetch?: Handler }): Server;
}
