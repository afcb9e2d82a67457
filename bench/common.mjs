// What run.mjs, ab.mjs and round.mjs share: how a round's process is started, and the median.

// --expose-gc everywhere: mitata collects garbage before each measurement, and without a real gc()
// its fallback allocates a 1 GiB array instead, whose collection then lands in some later window
// (it moved 64-in-flight WebCrypto ratios by up to 0.6x, in both directions).
export const NODE_FLAGS = {
  node: ['--expose-gc'],
  webcrypto: ['--expose-gc', '--import', './no-builtin.mjs'],
  alloc: ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'],
  scale: ['--expose-gc'],
};

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
