// A Worker that runs the smoke set inside workerd and answers with the results as JSON.
// scripts/runtimes/miniflare.mjs bundles it with dist/ and starts it with no compat flag at all.
import { runtimeName, smokeCases, syncMode } from './cases.js';

interface Outcome {
  readonly name: string;
  readonly error?: string;
}

export default {
  async fetch(): Promise<Response> {
    const unhandled: string[] = [];
    const onUnhandled = (event: PromiseRejectionEvent): void => {
      unhandled.push(String(event.reason));
    };
    addEventListener('unhandledrejection', onUnhandled);
    const outcomes: Outcome[] = [];
    for (const c of smokeCases) {
      try {
        await c.run();
        outcomes.push({ name: c.name });
      } catch (error) {
        outcomes.push({ name: c.name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    }
    // Let any late unhandled-rejection events arrive before answering.
    await new Promise((resolve) => setTimeout(resolve, 10));
    removeEventListener('unhandledrejection', onUnhandled);
    const hasProcess = typeof (globalThis as { process?: unknown }).process !== 'undefined';
    return Response.json({ runtimeName, syncMode, hasProcess, outcomes, unhandled });
  },
};
