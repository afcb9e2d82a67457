// What both fuzzers (scripts/fuzz.mjs for verify, scripts/fuzz-claims.mjs for sign) share: the
// seeded random source and the command-line flags.
import { parseArgs } from 'node:util';

/** Every JwtErrorCode of DESIGN.md: an error with any other code is a failure. */
export const CODES = [
  'ERR_CLAIM_INVALID',
  'ERR_KEY_INVALID',
  'ERR_JWT_MALFORMED',
  'ERR_JWT_UNSUPPORTED',
  'ERR_KID_UNKNOWN',
  'ERR_SIGNATURE_INVALID',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_NOT_YET_VALID',
  'ERR_RUNTIME_UNSUPPORTED',
  'ERR_OPTION_INVALID',
];

/** mulberry32: small, fast, and the same sequence on every runtime for a seed. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One generator per iteration, seeded from (seed, iteration): any failure replays alone with --only. */
export function randomFor(seed, iteration) {
  const next = mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(iteration + 1, 0xc2b2ae35));
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

/** `--count N` (default 10^6), `--seed S` (default random), `--only I`; exits 2 on a bad value. */
export function readFuzzArgs() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000000' },
      seed: { type: 'string' },
      only: { type: 'string' },
    },
    // npm run fuzz passes the same flags to every fuzzer; ignore what is not ours.
    strict: false,
  });
  const integer = (name, text) => {
    const n = Number(text);
    if (typeof text !== 'string' || !Number.isSafeInteger(n) || n < 0) {
      console.error(`--${name} must be a whole number, 0 or more; got ${String(text)}`);
      process.exit(2);
    }
    return n;
  };
  return {
    count: integer('count', values.count),
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integer('seed', values.seed),
    only: values.only === undefined ? undefined : integer('only', values.only),
  };
}
