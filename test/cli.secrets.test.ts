// The built command, run as users run it, with the secret landing in every wrong place: no
// output may hold it. Also: inspect's input limit and terminal escaping, and verify naming
// the corruption of the secret a token was signed with.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, type Run } from './helpers/cli.js';
import { base64urlEncode, signJwtSync } from '../src/index.js';
import { forge, goodHeader, goodPayload, KID, NOW } from './helpers/inspect-cases.js';

// Base64 alphabet only, so it also decodes as base64: the hint trial must still not print it.
const SECRET = 'Zk9xQ2h1bmt5U2VjcmV0MDEyMzQ1Njc4OWFiY2RlZg';
const key = { kid: KID, secret: SECRET };
const dir = mkdtempSync(join(tmpdir(), 'zmj-cli-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The secret in any form a terminal user would recognise: as is, and its distinctive middle. */
function expectNoSecret(run: Run, label: string): void {
  const output = run.stdout + run.stderr;
  expect(output, label).not.toContain(SECRET);
  expect(output, label).not.toContain(SECRET.slice(8, 24));
}

const token = signJwtSync({ externalId: 'u1' }, key, { now: NOW });
const env = { ZENDESK_SECRET: SECRET };

describe('the secret is never echoed, wherever it lands', () => {
  // [what the user typed, args, env]: each is a real mix-up of an option and its value.
  const mixups: [string, string[], Record<string, string>][] = [
    ['--secret-env "$SECRET" (sign)', ['sign', '--kid', KID, '--external-id', 'u1', '--secret-env', SECRET], {}],
    ['--secret-env "$SECRET" (verify)', ['verify', token, '--kid', KID, '--secret-env', SECRET], {}],
    ['--secret-file "$SECRET" (sign)', ['sign', '--kid', KID, '--external-id', 'u1', '--secret-file', SECRET], {}],
    ['--secret-file "$SECRET" (verify)', ['verify', token, '--secret-file', SECRET], {}],
    ['--keyring-file "$SECRET"', ['verify', token, '--keyring-file', SECRET], {}],
    ['a stray positional (sign)', ['sign', '--kid', KID, '--external-id', 'u1', SECRET], env],
    ['a stray positional after a boolean (sign)', ['sign', '--kid', KID, '--external-id', 'u1', '--email-verified', SECRET, '--email', 'a@b.c'], env],
    ['a second positional (verify)', ['verify', token, SECRET], env],
    ['a second positional (inspect)', ['inspect', token, SECRET], {}],
    ['the secret as the token (verify, no kid)', ['verify', SECRET], env],
    ['the secret as the token (verify, kid)', ['verify', SECRET, '--kid', KID], env],
    ['the secret as the token (inspect)', ['inspect', SECRET], {}],
    ['the secret as the token (inspect --json)', ['inspect', SECRET, '--json'], {}],
    ['an unknown option with a value', ['sign', '--kid', KID, '--external-id', 'u1', '--secrt', SECRET], env],
    ['an unknown option with an inline value', ['sign', '--kid', KID, '--external-id', 'u1', `--secrt=${SECRET}`], env],
    ['an unknown option that is the secret', ['verify', token, `--${SECRET}`], env],
    ['a boolean with an inline value', ['sign', '--kid', KID, '--external-id', 'u1', `--email-verified=${SECRET}`], env],
    ['--json with an inline value', ['inspect', token, `--json=${SECRET}`], {}],
    ['--kid "$SECRET" (sign)', ['sign', '--kid', SECRET, '--external-id', 'u1'], env],
    ['--kid "$SECRET" (sign --json)', ['sign', '--kid', SECRET, '--external-id', 'u1', '--json'], env],
    ['--kid "$SECRET" (verify)', ['verify', token, '--kid', SECRET], env],
    ['ZENDESK_KEY_ID="$SECRET"', ['sign', '--external-id', 'u1', '--json'], { ...env, ZENDESK_KEY_ID: SECRET }],
    ['--now "$SECRET"', ['sign', '--kid', KID, '--external-id', 'u1', '--now', SECRET], env],
    ['--expires-in "$SECRET"', ['sign', '--kid', KID, '--external-id', 'u1', '--expires-in', SECRET], env],
    ['--clock-tolerance "$SECRET"', ['verify', token, '--clock-tolerance', SECRET], env],
    ['the secret as the command', [SECRET], env],
    ['explain "$SECRET"', ['explain', SECRET], {}],
    ['--secret "$SECRET" with a wrong kid', ['verify', token, '--kid', 'app_other', '--secret', SECRET], {}],
    ['--secret "$SECRET" with a bad token', ['verify', 'a.b.c', '--kid', KID, '--secret', SECRET, '--json'], {}],
    ['the secret on standard input as the token', ['inspect', '-'], {}],
  ];

  it.each(mixups)('%s', (label, args, extraEnv) => {
    const run = cli(args, { env: extraEnv, input: `${SECRET}\n` });
    expect(run.status, label).not.toBe(0);
    expectNoSecret(run, label);
    if (run.status === 2) expect(run.stderr, label).toMatch(/^usage error: /m);
  });

  it('names the option, not the value', () => {
    expect(cli(['sign', '--kid', KID, '--external-id', 'u1', '--secret-env', SECRET]).stderr).toMatch(/the environment variable named by --secret-env is not set \(it takes a variable name, not the secret\)/);
    expect(cli(['sign', '--kid', KID, '--external-id', 'u1', '--secret-file', SECRET]).stderr).toMatch(/cannot read the file named by --secret-file \(ENOENT\)/);
    expect(cli(['verify', token, '--keyring-file', SECRET]).stderr).toMatch(/cannot read the file named by --keyring-file as JSON \(ENOENT\)/);
    expect(cli(['sign', '--kid', KID, '--external-id', 'u1', SECRET], { env }).stderr).toMatch(/sign takes no positional arguments/);
    expect(cli(['sign', '--kid', KID, '--external-id', 'u1', '--secrt', SECRET], { env }).stderr).toMatch(/unknown option \(not echoed: it may hold a secret\)/);
    expect(cli(['sign', '--kid', KID, '--external-id', 'u1', `--email-verified=${SECRET}`], { env }).stderr).toMatch(/--email-verified takes no value/);
    expect(cli(['sign', '--external-id', 'u1', '--kid'], { env }).stderr).toMatch(/--kid needs a value/);
    expect(cli(['sign', '--kid', SECRET, '--external-id', 'u1'], { env }).stderr).toMatch(/the key id \(--kid or ZENDESK_KEY_ID\) holds the secret/);
    expect(cli(['sign', '--kid', KID, '--external-id', 'u1', '--now', SECRET], { env }).stderr).toMatch(/--now takes whole seconds \(digits only\)/);
    expect(cli([SECRET]).stderr).toMatch(/unknown command; the commands are sign, verify, inspect and explain/);
  });

  it('a stray short option is named as "an option", never by the characters after it', () => {
    const run = cli(['sign', '--kid', KID, '--external-id', 'u1', `-${SECRET}`], { env });
    expect(run.status).toBe(2);
    expectNoSecret(run, 'short');
  });
});

describe('inspect: input limit and terminal escaping', () => {
  it('refuses more than 64 KB, from an argument or standard input, quickly and with a clear error', () => {
    const started = Date.now();
    const huge = `${forge(goodHeader, goodPayload)}${'A'.repeat(70 * 1024)}`;
    const fromArg = cli(['inspect', huge]);
    expect(fromArg.status).toBe(2);
    expect(fromArg.stderr).toMatch(/usage error: the token is over 64 KB; a Zendesk token is a few hundred bytes/);
    const fromStdin = cli(['inspect', '-'], { input: 'A'.repeat(20 * 1024 * 1024) });
    expect(fromStdin.status).toBe(2);
    expect(fromStdin.stderr).toMatch(/usage error: standard input is over 64 KB/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Exactly at the limit is still read.
    const padded = `${forge(goodHeader, goodPayload)}\n`.padEnd(64 * 1024, ' ');
    expect(cli(['inspect', '-', '--now', String(NOW)], { input: padded }).status).toBe(0);
    expect(cli(['verify', '-'], { input: 'A'.repeat(64 * 1024 + 1), env }).stderr).toMatch(/standard input is over 64 KB/);
  });

  it('prints control and bidi characters from the token as escapes, in text and JSON', () => {
    const evil = forge({ ...goodHeader, alg: 'HS\u202e652SH' }, { ...goodPayload, name: 'Jane\u009b2J\u001b[31m\u2066x\u2069\u200f', external_id: 'u1\u0007' });
    const text = cli(['inspect', evil, '--now', String(NOW)]);
    const json = cli(['inspect', evil, '--now', String(NOW), '--json']);
    for (const run of [text, json]) {
      expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
      expect(run.stderr).toBe('');
    }
    expect(text.stdout).toContain('Jane\\u009b2J\\u001b[31m\\u2066x\\u2069\\u200f');
    expect(text.stdout).toMatch(/alg is "HS\\u202e652SH"/);
    // The JSON still parses to exactly what the token holds.
    const body = JSON.parse(json.stdout) as { payload: { name: string; external_id: string } };
    expect(body.payload.name).toBe('Jane\u009b2J\u001b[31m\u2066x\u2069\u200f');
    expect(body.payload.external_id).toBe('u1\u0007');
  });

  it('verify escapes a verified token’s claims too', () => {
    const signed = signJwtSync({ externalId: 'u1', name: 'A\u202eB' }, key, { now: NOW });
    const run = cli(['verify', signed, '--now', String(NOW)], { env: { ...env, ZENDESK_KEY_ID: KID } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('A\\u202eB');
    expect(run.stdout).not.toContain('\u202e');
  });

  it('names a Bearer prefix, a JSON answer and quotes through the command, and reads the token inside', () => {
    const good = signJwtSync({ externalId: 'u1' }, key, { now: NOW });
    const ids = (text: string): string[] =>
      (JSON.parse(cli(['inspect', text, '--now', String(NOW), '--json']).stdout) as { findings: { id: string }[] }).findings.map((finding) => finding.id);
    expect(ids(`Bearer ${good}`)).toEqual(['bearer-prefix']);
    expect(ids(JSON.stringify({ jwt: good, exp: NOW + 600 }))).toEqual(['json-body']);
    expect(ids(`'${good}'`)).toEqual(['quoted']);
    expect(ids(forge({ ...goodHeader, kid: 'act_5963ceb97cde542d000dbdb1' }, { ...goodPayload, scope: 'app' }))).toEqual(['kid-account-key', 'scope-app']);
    const bearer = cli(['inspect', `Bearer ${good}`, '--now', String(NOW)]);
    expect(bearer.status).toBe(1);
    expect(bearer.stdout).toMatch(/error +bearer-prefix: the text starts with "Bearer "\n +fix: Hand the widget the bare token/);
    expect(bearer.stdout).toContain(`payload:   ${JSON.stringify(goodPayload)}`);
  });
});

describe('verify names the corruption of the secret a token was signed with', () => {
  /** A token with our header and payload, signed with any bytes (what a sloppy signer does). */
  const signedWith = (secret: string | Buffer): string => {
    const input = `${base64urlEncode(JSON.stringify(goodHeader))}.${base64urlEncode(JSON.stringify(goodPayload))}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };

  it.each([
    ['a trailing newline', `${SECRET}\n`, /the token was signed with your secret plus a trailing newline: the signer's env file or secret store adds one; trim it there/],
    ['a trailing CR LF', `${SECRET}\r\n`, /plus a trailing CR LF \(a Windows line ending\)/],
    ['a trailing space', `${SECRET} `, /plus a trailing space/],
    ['base64-decoded bytes', Buffer.from(SECRET, 'base64'), /base64-decoded into bytes \(as Buffer\.from\(secret, 'base64'\) does\)/],
  ])('%s', (_name, signer, hint) => {
    const tainted = signedWith(signer);
    const run = cli(['verify', tainted, '--now', String(NOW)], { env: { ...env, ZENDESK_KEY_ID: KID } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^refused: ERR_SIGNATURE_INVALID/);
    expect(run.stderr).toMatch(hint);
    expectNoSecret(run, 'hint');
    const json = cli(['verify', tainted, '--now', String(NOW), '--json'], { env: { ...env, ZENDESK_KEY_ID: KID } });
    const body = JSON.parse(json.stdout) as { ok: boolean; error: { code: string }; secretHint: string };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('ERR_SIGNATURE_INVALID');
    expect(body.secretHint).toMatch(hint);
    expectNoSecret(json, 'hint json');
  });

  it('base64url-decoded bytes, when they differ from base64', () => {
    const urlSecret = 'a-b_c-d_e-f_g-h_i-j_k-l_m-n_o-p_q-r_s-t_u-v_w-x_y-z_A-B_C-D';
    const run = cli(['verify', signedWith(Buffer.from(urlSecret, 'base64url')), '--now', String(NOW)], { env: { ZENDESK_SECRET: urlSecret, ZENDESK_KEY_ID: KID } });
    expect(run.stderr).toMatch(/base64url-decoded into bytes/);
    expect(run.stdout + run.stderr).not.toContain(urlSecret);
  });

  it('your copy with white space: names whether the signer had it too or not', () => {
    const spaced = { ZENDESK_SECRET: `${SECRET}\n`, ZENDESK_KEY_ID: KID };
    const trimmedSigner = cli(['verify', signedWith(SECRET), '--now', String(NOW)], { env: spaced });
    expect(trimmedSigner.stderr).toMatch(/^refused: ERR_KEY_INVALID/);
    expect(trimmedSigner.stderr).toMatch(/signed with your secret without its surrounding white space: your copy/);
    const sameSigner = cli(['verify', signedWith(`${SECRET}\n`), '--now', String(NOW)], { env: spaced });
    expect(sameSigner.stderr).toMatch(/signed with the secret exactly as you gave it, white space included/);
    for (const run of [trimmedSigner, sameSigner]) expectNoSecret(run, 'spaced');
  });

  it('with a keyring, tries the key the token names', () => {
    const keyring = join(dir, 'keys.json');
    writeFileSync(keyring, JSON.stringify([{ kid: 'app_new', secret: 'another-secret-0123456789abcdef0123' }, key]));
    const run = cli(['verify', signedWith(`${SECRET}\n`), '--keyring-file', keyring, '--now', String(NOW)]);
    expect(run.stderr).toMatch(/plus a trailing newline/);
    expectNoSecret(run, 'keyring');
  });

  it('says nothing extra when no corruption explains it (another secret), or the secret is bytes', () => {
    const other = cli(['verify', signedWith('a-completely-different-secret-0123456789'), '--now', String(NOW)], { env: { ...env, ZENDESK_KEY_ID: KID } });
    expect(other.stderr).toMatch(/^refused: ERR_SIGNATURE_INVALID/);
    expect(other.stderr).not.toMatch(/found it/);
    expect(other.stderr).toMatch(/Run `zendesk-messaging-jwt inspect`/);
    // jsonwebtoken with the secret's text: the same token as ours, valid.
    const theirs = jwt.sign(goodPayload, SECRET, { header: { alg: 'HS256', typ: 'JWT', kid: KID }, noTimestamp: true });
    expect(cli(['verify', theirs, '--now', String(NOW)], { env: { ...env, ZENDESK_KEY_ID: KID } }).status).toBe(0);
  });
});
