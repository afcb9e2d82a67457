// A CommonJS consumer (`require`) and an ESM consumer (`import`) of the PACKED package, plus a
// TypeScript consumer of each (.cts / .mts under module node16) so both type conditions are used.
// Tokens are compared with a JWT built by hand with node:crypto. Usage: consumers.mjs [cjs|esm] [report.json]
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPacked, root } from '../../scripts/pack.mjs';

const kind = process.argv[2] ?? 'cjs';
const reportPath = process.argv[3];
const { work, project, files } = installPacked(kind === 'cjs' ? 'commonjs' : 'module');

// Shared by both consumers: plain JS that only differs in how it loads the package.
const body = `
const { createHmac } = NODE_CRYPTO;
const checks = [];
const check = (name, ok) => checks.push({ name, ok: Boolean(ok) });
const key = { kid: 'app_consumer', secret: 'consumer-test-secret-not-a-real-one-0123456789' };
const b64u = (s) => Buffer.from(s, 'utf8').toString('base64url');
const input = b64u('{"alg":"HS256","typ":"JWT","kid":"app_consumer"}') + '.' + b64u('{"scope":"user","external_id":"c-1","name":"Zoë","exp":1700000600}');
const expected = input + '.' + createHmac('sha256', key.secret).update(input).digest('base64url');
const required = ['JwtError', 'base64urlDecode', 'base64urlEncode', 'buildClaims', 'createSigner', 'createVerifier', 'decodeJwt', 'signJwt', 'signJwtSync', 'verifyJwt', 'verifyJwtSync'];
check('exports every DESIGN.md function and class', required.every((name) => typeof lib[name] === 'function'));
const other = await LOAD_OTHER();
check('the other build (' + (KIND === 'cjs' ? 'import' : 'require') + ') exports the same names', Object.keys(other).sort().join() === Object.keys(lib).sort().join());
check('signJwt equals a hand-built HMAC token', (await lib.signJwt({ externalId: 'c-1', name: 'Zoë' }, key, { now: 1700000000 })) === expected);
check('signJwtSync equals it too', lib.signJwtSync({ externalId: 'c-1', name: 'Zoë' }, key, { now: 1700000000 }) === expected);
check('verifyJwt reads the user', (await lib.verifyJwt(expected, key, { now: 1700000001 })).user.externalId === 'c-1');
let error;
try { await lib.verifyJwt(expected.slice(0, -2) + 'AA', key, { now: 1700000001 }); } catch (e) { error = e; }
check('tampered token: JwtError ERR_SIGNATURE_INVALID', error instanceof lib.JwtError && lib.JwtError.is(error) && error.code === 'ERR_SIGNATURE_INVALID');
check('resolved the ' + KIND + ' build', RESOLVED.endsWith(KIND === 'cjs' ? 'dist/index.cjs' : 'dist/index.js'));
check('the widget subpath resolves to its own ' + KIND + ' build', WIDGET_RESOLVED.endsWith(KIND === 'cjs' ? 'dist/widget.cjs' : 'dist/widget.js') && typeof widget.createJwtCallback === 'function' && typeof widget.WidgetTokenError === 'function');
process.stdout.write(JSON.stringify(checks));
`;
const cjs = `const NODE_CRYPTO = require('node:crypto');
const lib = require('zendesk-messaging-jwt');
const KIND = 'cjs';
const RESOLVED = require.resolve('zendesk-messaging-jwt');
const widget = require('zendesk-messaging-jwt/widget');
const WIDGET_RESOLVED = require.resolve('zendesk-messaging-jwt/widget');
const LOAD_OTHER = () => import('zendesk-messaging-jwt');
(async () => {${body}})().catch((e) => { console.error(e); process.exit(1); });
`;
const esm = `import * as NODE_CRYPTO from 'node:crypto';
import * as lib from 'zendesk-messaging-jwt';
const KIND = 'esm';
const RESOLVED = import.meta.resolve('zendesk-messaging-jwt');
const widget = await import('zendesk-messaging-jwt/widget');
const WIDGET_RESOLVED = import.meta.resolve('zendesk-messaging-jwt/widget');
const LOAD_OTHER = async () => (await import('node:module')).createRequire(import.meta.url)('zendesk-messaging-jwt');
${body}`;
// Type-level consumers: each resolution condition must find its own declarations.
const typed = `import { signJwtSync, JwtError, type VerifiedJwt } from 'zendesk-messaging-jwt';
import { createJwtCallback, type JwtCallbackOptions } from 'zendesk-messaging-jwt/widget';
const widgetOptions: JwtCallbackOptions = { endpoint: '/zendesk/jwt' };
export const jwtCallback: (callback: (jwt: string) => void) => void = createJwtCallback(widgetOptions);
const token: string = signJwtSync({ externalId: 'x' }, { kid: 'k', secret: 's'.repeat(32) });
const code: string | undefined = JwtError.is(token) ? token.code : undefined;
export type Checked = [VerifiedJwt['user']['externalId'], typeof code];
`;

let checks = [];
let failure = '';
try {
  const file = kind === 'cjs' ? 'consumer.cjs' : 'consumer.mjs';
  writeFileSync(join(project, file), kind === 'cjs' ? cjs : esm);
  checks = JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }));
  const tsFile = kind === 'cjs' ? 'typed.cts' : 'typed.mts';
  writeFileSync(join(project, tsFile), typed);
  try {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', tsFile],
      { cwd: project, encoding: 'utf8' },
    );
    checks.push({ name: `TypeScript (node16) types the ${kind} import`, ok: true });
  } catch (error) {
    checks.push({ name: `TypeScript (node16) types the ${kind} import: ${error.stdout}`, ok: false });
  }
  // widget/package.json points resolvers without `exports` support (attw's node10) at dist/widget.*.
  checks.push({ name: 'tarball ships only dist/, package.json, widget/package.json, README, LICENSE', ok: files.every((f) => /^(dist\/|package\.json$|widget\/package\.json$|README|LICENSE)/.test(f)) });
} catch (error) {
  failure = String(error.stderr ?? error);
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const c of checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.name}`);
if (failure) console.log(`  ✗ consumer crashed: ${failure}`);
const summary = {
  numPassedTests: checks.filter((c) => c.ok).length,
  numFailedTests: checks.filter((c) => !c.ok).length + (failure ? 1 : 0),
  runtimeName: `node ${process.versions.node}`,
  syncMode: 'sync',
};
if (reportPath) writeFileSync(reportPath, JSON.stringify(summary));
console.log(JSON.stringify(summary));
process.exit(summary.numFailedTests > 0 || summary.numPassedTests === 0 ? 1 : 0);
