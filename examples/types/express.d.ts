// Just enough of Express's types for examples/express.ts to type-check here, where Express is not
// installed (tests run it against a stand-in). In your app, @types/express provides the real ones.
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  interface Application {
    post(path: string, listener: (req: IncomingMessage, res: ServerResponse) => void): Application;
    listen(port: number, host: string): Server;
  }
  export default function express(): Application;
}
