// Bundled by test/webcrypto-path.test.ts for a child process: the public API plus the HMAC edge,
// which the package does not export, so that the vectors run through it there too.
export * from '../../src/index.js';
export { constantTimeEqual, createHmacKey } from '../../src/hmac.js';
