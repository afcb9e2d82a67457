// One round in one fresh process: checks every case, then times each group with mitata,
// interleaving the floor and the cases over several passes so that noise from other processes
// on the machine hits the floor and the cases alike. Prints one JSON line: per case, ns per call and
// the ratio to the floor (bytes per call in alloc mode).
//
//   node --expose-gc round.mjs node        node:crypto path: floors, library, peers (see run.mjs for the flags)
//   node --expose-gc --import ./no-builtin.mjs round.mjs webcrypto   the WebCrypto path (no getBuiltinModule)
//   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 round.mjs alloc
//   node --expose-gc round.mjs scale       time against payload size (name of 10 to 10,000 characters)
//   BENCH_BASE=<build> node --expose-gc [--import ./no-builtin.mjs] round.mjs ab   two builds call by call (ab.mjs)
import { measure } from 'mitata';
import { median } from './common.mjs';
import { KID, SECRET, USER, check, floorSign, floorVerify, library, makeHmacOnly, peers, webCryptoFloors } from './cases.mjs';

const mode = process.argv[2] ?? 'node';
// More passes on the WebCrypto path: its windows hold few calls and it is the noisiest.
const PASSES = Number(process.env.BENCH_PASSES ?? (mode === 'webcrypto' ? 6 : 3));
const MIN_CPU_NS = Number(process.env.BENCH_MIN_MS ?? 30) * 1e6;
const IN_FLIGHT = 64;
const WARM_MS = Number(process.env.BENCH_WARM_MS ?? 150);

let sink;
/** ns per call, the median sample of one mitata measurement. */
async function time(fn, concurrency = 1) {
  // Small batches for sync calls. None on the WebCrypto path or for calls in flight: there each sample
  // is one call (or one round of 64), and the median of a thousand single calls shrugs off the
  // thread-pool hiccups that a busy machine gives to a batch's mean.
  const stats = await measure(fn, {
    min_cpu_time: MIN_CPU_NS,
    min_samples: 8,
    batch_samples: 128,
    ...(concurrency > 1 || mode === 'webcrypto' ? { batch_threshold: 0 } : {}),
    concurrency,
  });
  return stats.p50 / concurrency;
}

/**
 * entries: [label, fn, concurrency]; the first is the group's floor. The floor is timed again
 * between every two cases, and each case is divided by the mean of the floor just before and just
 * after it, so a burst of load from elsewhere lands on both sides of the ratio. Returns
 * label -> { ns, ratio }, each the median over the passes.
 */
async function group(entries) {
  for (const [, fn, concurrency] of entries) await warm(fn, concurrency);
  const [floorEntry, ...cases] = entries;
  const floorLabel = floorEntry[0];
  const ns = new Map(entries.map(([label]) => [label, []]));
  const ratios = new Map(entries.map(([label]) => [label, []]));
  const timeFloor = async () => {
    const t = await time(floorEntry[1], floorEntry[2]);
    ns.get(floorLabel).push(t);
    return t;
  };
  for (let pass = 0; pass < PASSES; pass++) {
    let before = await timeFloor();
    for (const [label, fn, concurrency] of cases) {
      const t = await time(fn, concurrency);
      const after = await timeFloor();
      ns.get(label).push(t);
      ratios.get(label).push(t / ((before + after) / 2));
      before = after;
    }
  }
  ratios.get(floorLabel).push(1);
  return Object.fromEntries(entries.map(([label]) => [label, { ns: median(ns.get(label)), ratio: median(ratios.get(label)) }]));
}

/**
 * A cross-check against a busy machine, which moves whole 30 ms windows by ±20 %: time floor and
 * case alternately in short slices (one async call, one round in flight, or a batch of sync calls),
 * swapping which goes first, and take the median of the per-pair ratios. Load that lasts longer than
 * two slices cancels out.
 */
async function paired(entries, pairs, { sync = false, batch = 1 } = {}) {
  const [[floorLabel, floorFn, concurrency = 1], ...cases] = entries;
  const run = async (fn) => {
    const t0 = performance.now();
    if (sync) for (let k = 0; k < batch; k++) sink = fn();
    else if (concurrency > 1) await Promise.all(Array.from({ length: concurrency }, fn));
    else await fn();
    return (performance.now() - t0) / (sync ? batch : concurrency);
  };
  const out = { [`${floorLabel} (paired calls)`]: { ns: 0, ratio: 1 } };
  const floorTimes = [];
  for (const [label, fn] of cases) {
    await warm(fn, concurrency);
    await warm(floorFn, concurrency);
    const ratios = [];
    const times = [];
    for (let i = 0; i < pairs; i++) {
      let f;
      let c;
      if (i & 1) {
        c = await run(fn);
        f = await run(floorFn);
      } else {
        f = await run(floorFn);
        c = await run(fn);
      }
      ratios.push(c / f);
      times.push(c * 1e6);
      floorTimes.push(f * 1e6);
    }
    out[`${label} (paired calls)`] = { ns: median(times), ratio: median(ratios) };
  }
  out[`${floorLabel} (paired calls)`].ns = median(floorTimes);
  return out;
}

/**
 * Run a case for a while before any timing: the library runs more JS per call than a floor, and on
 * the WebCrypto path (~40 us a call) a 30 ms window is only ~750 calls, too few for V8 to have
 * optimised it; unwarmed, the first passes read up to 1.2x where warmed ones read ~1.0x.
 */
async function warm(fn, concurrency = 1) {
  const end = performance.now() + WARM_MS;
  const async = fn() instanceof Promise;
  while (performance.now() < end) {
    if (!async) for (let k = 0; k < 64; k++) sink = fn();
    else if (concurrency > 1) await Promise.all(Array.from({ length: concurrency }, fn));
    else await fn();
  }
}

const user = () => USER;
const nowSeconds = () => Math.floor(Date.now() / 1000);
// Zendesk's sample style: a new { kid, secret } literal on every call, and options.
const FRESH_KEY = 'signJwtSync(user, { kid, secret }, options), fresh key literal';
const results = {};

/** The library's calls by label, for one build (this round's, or the base of `npm run bench:ab`); each mode times some of them. */
function libraryCalls({ lib, key, signer, verifier }, floorToken) {
  return {
    'createSigner().signSync': () => signer.signSync(user()),
    'createSigner().signSync(user, { now })': () => signer.signSync(user(), { now: nowSeconds() }),
    'createSigner().sign': () => signer.sign(user()),
    'signJwtSync (one-shot)': () => lib.signJwtSync(user(), key),
    [FRESH_KEY]: () => lib.signJwtSync(user(), { kid: KID, secret: SECRET }, { expiresIn: 600 }),
    'signJwt (one-shot)': () => lib.signJwt(user(), key),
    'createVerifier().verifySync': () => verifier.verifySync(floorToken),
    'createVerifier().verify': () => verifier.verify(floorToken),
    'verifyJwtSync (one-shot)': () => lib.verifyJwtSync(floorToken, key),
    'verifyJwt (one-shot)': () => lib.verifyJwt(floorToken, key),
  };
}

/** [label, call, calls in flight] for each of `labels`; with more than one in flight, the label says how many. */
function pick(calls, labels, inFlight = 1) {
  return labels.map((label) => [inFlight === 1 ? label : `${label}, ${inFlight} in flight`, calls[label], inFlight]);
}

// The synchronous calls that both the paired timing and the allocation count measure.
const SIGN_SYNC = ['createSigner().signSync', 'createSigner().signSync(user, { now })', 'signJwtSync (one-shot)', FRESH_KEY];
const VERIFY_SYNC = ['createVerifier().verifySync', 'verifyJwtSync (one-shot)'];

if (mode === 'node') {
  if (typeof process.getBuiltinModule !== 'function') throw new Error('node mode needs process.getBuiltinModule (Node >= 20.16)');
  const libs = library();
  const peerCases = await peers();
  const floorToken = floorSign(USER);
  await check({ libs, peerCases, floorToken, webCrypto: false });
  const calls = libraryCalls(libs, floorToken);
  const input = floorToken.slice(0, floorToken.lastIndexOf('.'));
  const floorA = ['floor-A', () => floorSign(user())];
  const floorV = ['floor-V', () => floorVerify(floorToken)];
  results.sign = await group([
    floorA,
    ['createHmac alone', makeHmacOnly(input)],
    ...pick(calls, ['createSigner().signSync', 'createSigner().signSync(user, { now })', 'createSigner().sign']),
    ...pick(calls, ['createSigner().sign'], IN_FLIGHT),
    ...pick(calls, ['signJwtSync (one-shot)', FRESH_KEY, 'signJwt (one-shot)']),
    ...peerCases.sign.map(([label, fn]) => [label, () => fn(user())]),
  ]);
  results['sign (paired calls)'] = await paired([floorA, ...pick(calls, SIGN_SYNC)], 400, { sync: true, batch: 16 });
  results.verify = await group([
    floorV,
    ...pick(calls, ['createVerifier().verifySync', 'createVerifier().verify']),
    ...pick(calls, ['createVerifier().verify'], IN_FLIGHT),
    ...pick(calls, ['verifyJwtSync (one-shot)', 'verifyJwt (one-shot)']),
    ...peerCases.verify.map(([label, fn]) => [label, () => fn(floorToken)]),
  ]);
  results['verify (paired calls)'] = await paired([floorV, ...pick(calls, VERIFY_SYNC)], 400, { sync: true, batch: 16 });
} else if (mode === 'webcrypto') {
  if (typeof process.getBuiltinModule === 'function') throw new Error('webcrypto mode must run with --import ./no-builtin.mjs');
  const libs = library();
  let syncRefused = false;
  try {
    libs.signer.signSync(USER);
  } catch (error) {
    syncRefused = error.code === 'ERR_RUNTIME_UNSUPPORTED';
  }
  if (!syncRefused) throw new Error('the library did not take its WebCrypto path');
  const floors = await webCryptoFloors();
  const floorToken = floorSign(USER);
  await check({ libs, floorToken, webCrypto: true });
  const same = JSON.stringify(await floors.verify(floorToken)) === JSON.stringify(floorVerify(floorToken));
  if (!same || (await floors.sign(USER, 1e9)) !== floorSign(USER, 1e9)) throw new Error('the WebCrypto floors disagree with floor-A/floor-V');
  const calls = libraryCalls(libs, floorToken);
  for (const n of [1, IN_FLIGHT]) {
    const suffix = n === 1 ? '' : `, ${n} in flight`;
    const signs = [[`WebCrypto floor sign${suffix}`, () => floors.sign(user()), n], ...pick(calls, ['createSigner().sign', 'signJwt (one-shot)'], n)];
    const verifies = [[`WebCrypto floor verify${suffix}`, () => floors.verify(floorToken), n], ...pick(calls, ['createVerifier().verify', 'verifyJwt (one-shot)'], n)];
    results[`sign${suffix}`] = await group(signs);
    results[`verify${suffix}`] = await group(verifies);
    const pairs = n === 1 ? 1500 : 60;
    results[`sign${suffix} (paired calls)`] = await paired(signs, pairs);
    results[`verify${suffix} (paired calls)`] = await paired(verifies, pairs);
  }
} else if (mode === 'alloc') {
  if (typeof globalThis.gc !== 'function') throw new Error('alloc mode needs --expose-gc');
  const libs = library();
  const peerCases = await peers();
  const floorToken = floorSign(USER);
  await check({ libs, peerCases, floorToken, webCrypto: false });
  const calls = libraryCalls(libs, floorToken);
  const syncPeers = (list, arg) => list.filter(([, , async]) => !async).map(([label, fn]) => [label, () => fn(arg())]);
  const bytes = (fn) => {
    for (let i = 0; i < 5000; i++) sink = fn();
    const samples = [];
    const calls = 2000;
    for (let r = 0; r < 9; r++) {
      globalThis.gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < calls; i++) sink = fn();
      samples.push((process.memoryUsage().heapUsed - before) / calls);
    }
    return median(samples);
  };
  const measureAll = (entries) => Object.fromEntries(entries.map(([label, fn]) => [label, bytes(fn)]));
  results.sign = measureAll([['floor-A', () => floorSign(user())], ...pick(calls, SIGN_SYNC), ...syncPeers(peerCases.sign, user)]);
  results.verify = measureAll([['floor-V', () => floorVerify(floorToken)], ...pick(calls, VERIFY_SYNC), ...syncPeers(peerCases.verify, () => floorToken)]);
} else if (mode === 'scale') {
  const libs = library({ maxTokenLength: 1 << 20 });
  const { signer, verifier } = libs;
  for (const size of [10, 100, 1000, 10000]) {
    // Letters and a few non-ASCII characters, as real names have.
    const name = 'Jané Søap '.repeat(Math.ceil(size / 10)).slice(0, size);
    const sized = { ...USER, name };
    const token = floorSign(sized);
    if (signer.signSync(sized, { now: 1e9 }) !== floorSign(sized, 1e9)) throw new Error(`scale ${size}: library token differs from floor-A`);
    if (verifier.verifySync(token).claims.name !== name) throw new Error(`scale ${size}: library misreads the token`);
    results[`sign, name of ${size}`] = await group([
      [`floor-A, name of ${size}`, () => floorSign(sized)],
      [`createSigner().signSync, name of ${size}`, () => signer.signSync(sized)],
    ]);
    results[`verify, name of ${size}`] = await group([
      [`floor-V, name of ${size}`, () => floorVerify(token)],
      [`createVerifier().verifySync, name of ${size}`, () => verifier.verifySync(token)],
    ]);
  }
} else if (mode === 'ab') {
  // Two builds, the same calls: the base (BENCH_BASE, a git ref's build) in the floor's place, the
  // change (BENCH_LIB) as the case. The goal cases of the path this process takes (ab.mjs sets the flags).
  const webCrypto = typeof process.getBuiltinModule !== 'function';
  const builds = [library(undefined, await import(process.env.BENCH_BASE)), library()];
  const floorToken = floorSign(USER);
  for (const libs of builds) await check({ libs, floorToken, webCrypto });
  const [base, change] = builds.map((libs) => libraryCalls(libs, floorToken));
  // [goal label, calls in flight, pairs]
  const goals = webCrypto
    ? [['createSigner().sign', 1, 10000], ['createVerifier().verify', 1, 10000], ['createSigner().sign', IN_FLIGHT, 400], ['createVerifier().verify', IN_FLIGHT, 400]]
    : [['createSigner().signSync', 1, 4000], ['createSigner().signSync(user, { now })', 1, 4000], [FRESH_KEY, 1, 4000], ['createVerifier().verifySync', 1, 4000]];
  for (const [goal, inFlight, pairs] of goals) {
    const [[label, changeCall]] = pick(change, [goal], inFlight);
    const timed = await paired([[`base: ${label}`, base[goal], inFlight], [label, changeCall, inFlight]], pairs, { sync: !webCrypto, batch: 16 });
    results[label] = timed[`${label} (paired calls)`];
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}

void sink;
process.stdout.write(`${JSON.stringify({ mode, results })}\n`);
