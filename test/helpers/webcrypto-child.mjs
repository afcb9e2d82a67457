// Run by test/webcrypto-path.test.ts: `node webcrypto-child.mjs <bundle.mjs>`, a JSON job on stdin.
// node:crypto must be out of reach before the library loads, as on a runtime without it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

delete process.getBuiltinModule;

const vectors = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'vectors');
const read = (file) => JSON.parse(readFileSync(path.join(vectors, file), 'utf8'));
const hex = (text) => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes) => Buffer.from(bytes).toString('hex');

const lib = await import(pathToFileURL(process.argv[2]).href);
const job = JSON.parse(readFileSync(0, 'utf8'));

const keyOf = (c) => ({ kid: c.kid, secret: typeof c.secret === 'string' ? c.secret : Uint8Array.from(c.secret) });
const tokens = [];
for (const c of job) tokens.push(await lib.signJwt(c.user, keyOf(c), c.options));

const syncErrors = [];
const first = job[0];
for (const attempt of [
  () => lib.signJwtSync(first.user, keyOf(first), first.options),
  () => lib.createSigner(keyOf(first)).signSync(first.user, first.options),
  () => lib.createHmacKey(new Uint8Array(32)).signSync('a'),
]) {
  try {
    attempt();
    syncErrors.push({ name: 'returned', code: '', isJwtError: false });
  } catch (error) {
    syncErrors.push({ name: error.name, code: error.code, isJwtError: error instanceof lib.JwtError });
  }
}

const rfc4231 = [];
for (const c of read('rfc4231-hmac-sha256.json').tests) {
  const key = lib.createHmacKey(hex(c.keyHex));
  const full = await key.sign(hex(c.dataHex));
  const prefix = toHex(lib.base64urlDecode(full).subarray(0, c.expectedHex.length / 2));
  const published = lib.base64urlEncode(hex(c.expectedHex));
  const ok =
    prefix === c.expectedHex &&
    lib.constantTimeEqual(await key.sign(hex(c.dataHex)), full) &&
    lib.constantTimeEqual(await key.sign(hex(c.dataHex)), published) === (c.truncatedToBits === undefined);
  rfc4231.push({ case: c.case, ok });
}

const wycheproof = [];
for (const group of read('hmac_sha256_test.json').testGroups) {
  for (const t of group.tests) {
    const key = lib.createHmacKey(hex(t.key));
    const full = await key.sign(hex(t.msg));
    const valid = t.result === 'valid';
    const prefixMatches = toHex(lib.base64urlDecode(full).subarray(0, group.tagSize / 8)) === t.tag;
    const verified = lib.constantTimeEqual(await key.sign(hex(t.msg)), lib.base64urlEncode(hex(t.tag)));
    wycheproof.push({ tcId: t.tcId, ok: prefixMatches === valid && verified === (valid && group.tagSize === 256) });
  }
}

const a1 = read('rfc7515-a1-hs256.json');
const a1Key = lib.createHmacKey(hex(a1.keyHex));
const rfc7515 = (await a1Key.sign(a1.signingInput)) === a1.signatureB64u && lib.constantTimeEqual(await a1Key.sign(a1.signingInput), a1.signatureB64u);

process.stdout.write(
  JSON.stringify({
    getBuiltinModule: typeof process.getBuiltinModule,
    hmacSync: (() => {
      try {
        lib.createHmacKey(new Uint8Array(32)).signSync('probe');
        return true;
      } catch {
        return false;
      }
    })(),
    tokens,
    syncErrors,
    rfc4231,
    wycheproof,
    rfc7515,
  }),
);
