// A Worker that runs the smoke set inside workerd and answers with the results as JSON.
// runtimes/scripts/miniflare.mjs bundles it with dist/ and starts it with no compat flag at all.
import { runAll } from './run-all.js';

export default {
  async fetch(): Promise<Response> {
    // A rejection nobody handled is a bug users would see in their Worker logs, so it fails the leg.
    const unhandled: string[] = [];
    const onUnhandled = (event: PromiseRejectionEvent): void => {
      unhandled.push(String(event.reason));
    };
    addEventListener('unhandledrejection', onUnhandled);
    const result = await runAll();
    // Let late unhandled-rejection events arrive before answering.
    await new Promise((resolve) => setTimeout(resolve, 10));
    removeEventListener('unhandledrejection', onUnhandled);
    return Response.json({ ...result, unhandled });
  },
};
