import { expect, vi } from 'vitest';
import type * as HmacModule from '../../src/hmac.js';
import type * as Api from '../../src/index.js';
import { isSync } from './mac.js';

/**
 * Fresh copies of the HMAC edge and the public API that chose WebCrypto: `process.getBuiltinModule`
 * is hidden while the modules load and pick their crypto (on their first key), then restored.
 */
export async function loadWithoutNodeCrypto(): Promise<{ hmac: typeof HmacModule; api: typeof Api }> {
  const saved = Object.getOwnPropertyDescriptor(process, 'getBuiltinModule');
  expect(saved).toBeDefined();
  delete (process as { getBuiltinModule?: unknown }).getBuiltinModule;
  try {
    vi.resetModules();
    const hmac = await import('../../src/hmac.js');
    const api = await import('../../src/index.js');
    expect(isSync(hmac.createHmacKey(new Uint8Array(32)))).toBe(false);
    return { hmac, api };
  } finally {
    if (saved) Object.defineProperty(process, 'getBuiltinModule', saved);
  }
}
