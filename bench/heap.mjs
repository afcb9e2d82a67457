// Heap growth over many calls: `npm run build && node --expose-gc bench/heap.mjs [iterations]`.
// Each iteration signs twice (a signer with per-call options, a one-shot call with a fresh key
// literal) and verifies both tokens, each for another user. The heap after a full collection is
// compared before and after; the same growth at 10^5 and 10^6 iterations is warm-up, not a leak.
import { createSigner, createVerifier, signJwtSync, verifyJwtSync } from '../dist/index.js';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const iterations = Number(process.argv[2] ?? 1e6);
const key = { kid: 'app_bench', secret: 'a'.repeat(32) };
const signer = createSigner(key);
const verifier = createVerifier(key);
const now = Math.floor(Date.now() / 1000);

function run(count, from) {
  for (let i = from; i < from + count; i++) {
    const user = { externalId: `user-${i}`, name: 'Jane Soap', email: `user-${i}@example.com`, emailVerified: true };
    const fromSigner = signer.signSync(user, { now: now - (i % 60), expiresIn: 600 });
    const oneShot = signJwtSync(user, { kid: key.kid, secret: key.secret }, { expiresIn: 300 });
    if (verifier.verifySync(fromSigner).user.externalId !== user.externalId) throw new Error('signer token did not verify');
    if (verifyJwtSync(oneShot, key).user.email !== user.email) throw new Error('one-shot token did not verify');
  }
}

function heapAfterCollection() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

run(10_000, 0);
const before = heapAfterCollection();
const started = performance.now();
run(iterations, 10_000);
const after = heapAfterCollection();
const seconds = (performance.now() - started) / 1000;
console.log(
  `${iterations} iterations (${4 * iterations} calls) in ${seconds.toFixed(1)} s: heap ${before} B -> ${after} B, ` +
    `growth ${after - before} B (${((after - before) / iterations).toFixed(3)} B per iteration)`,
);
