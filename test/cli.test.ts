// The built command (dist/cli.js; npm test builds before vitest), run as users run it.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliPath } from './helpers/cli.js';
import { base64urlEncode, signJwtSync, verifyJwtSync } from '../src/index.js';
import { FINDINGS } from '../src/inspect.js';
import { cases, forge, goodHeader, goodPayload, KID, NOW } from './helpers/inspect-cases.js';

const SECRET = 'cli-test-secret-0123456789abcdef0123';
const key = { kid: KID, secret: SECRET };
const dir = mkdtempSync(join(tmpdir(), 'zmj-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withSecret = { ZENDESK_SECRET: SECRET };


describe('zendesk-messaging-jwt sign | verify', () => {
  it('is built as an executable with a node shebang', () => {
    expect(readFileSync(cliPath, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(cliPath).mode & 0o111).not.toBe(0);
  });

  it('round-trips through a pipe: sign prints the token, verify - reads it', () => {
    const signed = cli(['sign', '--kid', KID, '--external-id', 'user-42', '--name', 'Jane', '--email', 'j@x.com', '--email-verified'], { env: withSecret });
    expect(signed.status).toBe(0);
    const token = signed.stdout.trim();
    expect(verifyJwtSync(token, key).user).toEqual({ externalId: 'user-42', name: 'Jane', email: 'j@x.com', emailVerified: true });
    const verified = cli(['verify', '-', '--kid', KID], { input: `${token}\n`, env: withSecret });
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/^valid token\n/);
    const shown = JSON.parse(verified.stdout.replace(/^valid token\n/, '')) as Record<string, unknown>;
    expect(shown).toEqual(verifyJwtSync(token, key));
  });

  it('sign honours --expires-in, --no-exp, --now and --secret-env; the token matches the library', () => {
    const signed = cli(['sign', '--kid', KID, '--external-id', 'u1', '--expires-in', '60', '--now', String(NOW), '--secret-env', 'MY_SECRET'], {
      env: { MY_SECRET: SECRET },
    });
    expect(signed.stdout.trim()).toBe(signJwtSync({ externalId: 'u1' }, key, { expiresIn: 60, now: NOW }));
    const noExp = cli(['sign', '--kid', KID, '--external-id', 'u1', '--no-exp'], { env: withSecret });
    expect(noExp.stdout.trim()).toBe(signJwtSync({ externalId: 'u1' }, key, { expiresIn: null }));
  });

  it('sign reads the kid from ZENDESK_KEY_ID (or the old ZENDESK_KID, with a note) and the secret from a file or standard input, dropping one newline', () => {
    const file = join(dir, 'secret.txt');
    writeFileSync(file, `${SECRET}\n`);
    const expected = signJwtSync({ externalId: 'u1' }, key, { now: NOW });
    const current = cli(['sign', '--external-id', 'u1', '--now', String(NOW), '--secret-file', file], { env: { ZENDESK_KEY_ID: KID } });
    expect(current.stdout.trim()).toBe(expected);
    expect(current.stderr).toBe('');
    const old = cli(['sign', '--external-id', 'u1', '--now', String(NOW), '--secret-file', file], { env: { ZENDESK_KID: KID } });
    expect(old.stdout.trim()).toBe(expected);
    expect(old.stderr).toMatch(/^note: reading the key id from ZENDESK_KID; the variable is now called ZENDESK_KEY_ID/);
    const both = cli(['sign', '--external-id', 'u1', '--now', String(NOW), '--secret-file', file], { env: { ZENDESK_KEY_ID: KID, ZENDESK_KID: 'app_old' } });
    expect(both.stdout.trim()).toBe(expected);
    expect(both.stderr).toBe('');
    expect(cli(['sign', '--kid', KID, '--external-id', 'u1', '--now', String(NOW), '--secret-file', '-'], { input: `${SECRET}\r\n` }).stdout.trim()).toBe(expected);
  });

  it('--secret works but warns about shell history; the secret is never printed', () => {
    const signed = cli(['sign', '--kid', KID, '--external-id', 'u1', '--secret', SECRET, '--json']);
    expect(signed.status).toBe(0);
    expect(signed.stderr).toMatch(/shell history/);
    const refused = cli(['verify', forge(goodHeader, goodPayload), '--secret', SECRET, '--json']);
    expect(refused.status).toBe(1);
    for (const run of [signed, refused, cli(['sign', '--kid', KID, '--external-id', 'u1'], { env: { ZENDESK_SECRET: `${SECRET}\n` } })]) {
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    }
  });

  it('sign --json gives jwt, header and claims', () => {
    const run = cli(['sign', '--kid', KID, '--external-id', 'u1', '--now', String(NOW), '--json'], { env: withSecret });
    const out = JSON.parse(run.stdout) as { jwt: string; header: unknown; claims: unknown };
    expect(Object.keys(out)).toEqual(['jwt', 'header', 'claims']);
    expect(out.header).toEqual(goodHeader);
    expect(out.claims).toEqual({ scope: 'user', external_id: 'u1', exp: NOW + 600 });
    expect(verifyJwtSync(out.jwt, key, { now: NOW }).claims).toEqual(out.claims);
  });

  it('sign leaves out an unverified email, with a note', () => {
    const run = cli(['sign', '--kid', KID, '--external-id', 'u1', '--email', 'j@x.com', '--json'], { env: withSecret });
    expect(run.stderr).toMatch(/Zendesk ignores an unverified email/);
    expect((JSON.parse(run.stdout) as { claims: Record<string, unknown> }).claims).not.toHaveProperty('email');
  });

  it('sign refusals exit 1 with the code; usage errors exit 2', () => {
    const tooLong = cli(['sign', '--kid', KID, '--external-id', 'x'.repeat(256)], { env: withSecret });
    expect(tooLong.status).toBe(1);
    expect(tooLong.stderr).toMatch(/^refused: ERR_CLAIM_INVALID/);
    const badSecret = cli(['sign', '--kid', KID, '--external-id', 'u1'], { env: { ZENDESK_SECRET: 'short' } });
    expect(badSecret.status).toBe(1);
    expect(badSecret.stderr).toMatch(/ERR_KEY_INVALID/);
    const json = cli(['sign', '--kid', KID, '--external-id', 'u1', '--json'], { env: { ZENDESK_SECRET: 'short' } });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'ERR_KEY_INVALID' } });
    for (const args of [
      ['sign', '--kid', KID],
      ['sign', '--external-id', 'u1'],
      ['sign', '--kid', KID, '--external-id', 'u1', '--no-exp', '--expires-in', '5'],
      ['sign', '--kid', KID, '--external-id', 'u1', '--email-verified'],
      ['sign', '--kid', KID, '--external-id', 'u1', '--expires-in', '10m'],
      ['sign', '--kid', KID, '--external-id', 'u1', '--bogus'],
      ['sign', '--kid', KID, '--external-id', 'u1', 'extra'],
      ['sign', '--kid', KID, '--external-id', 'u1', '--secret-file', join(dir, 'missing')],
      ['frobnicate'],
      [],
    ]) {
      const run = cli(args, { env: withSecret });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr + run.stdout, args.join(' ')).toMatch(/usage error|Usage:/);
    }
    expect(cli(['sign', '--kid', KID, '--external-id', 'u1']).stderr).toMatch(/no secret: set ZENDESK_SECRET/);
  });
});

describe('verify', () => {
  const token = signJwtSync({ externalId: 'u1' }, key, { now: NOW });

  it('--json shape on success and on refusal', () => {
    const ok = JSON.parse(cli(['verify', token, '--kid', KID, '--now', String(NOW), '--json'], { env: withSecret }).stdout) as Record<string, unknown>;
    expect(Object.keys(ok)).toEqual(['ok', 'header', 'claims', 'user']);
    expect(ok).toMatchObject({ ok: true, header: goodHeader, user: { externalId: 'u1' } });
    const expired = cli(['verify', token, '--json'], { env: withSecret });
    expect(expired.status).toBe(1);
    const body = JSON.parse(expired.stdout) as { ok: boolean; error: Record<string, string> };
    expect(body.ok).toBe(false);
    expect(body.error).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp' });
    expect(body.error.explanation).toMatch(/exp is in the past/);
  });

  it('explains a refusal on standard error with exit 1', () => {
    const wrong = cli(['verify', token, '--now', String(NOW)], { env: { ZENDESK_SECRET: `${SECRET}x`, ZENDESK_KEY_ID: KID } });
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/^refused: ERR_SIGNATURE_INVALID: .*\n.*secret is wrong/);
    const unknownKid = cli(['verify', token, '--kid', 'app_other', '--now', String(NOW)], { env: withSecret });
    expect(unknownKid.stderr).toMatch(/ERR_KID_UNKNOWN/);
    const tolerated = cli(['verify', token, '--now', String(NOW + 610), '--clock-tolerance', '20'], { env: withSecret });
    expect(tolerated.status).toBe(0);
    const noExp = signJwtSync({ externalId: 'u1' }, key, { expiresIn: null });
    expect(cli(['verify', noExp, '--require-exp'], { env: withSecret }).stderr).toMatch(/ERR_CLAIM_INVALID: exp must be present \(requireExp\): sign with an expiry/);
  });

  it('takes the token kid with a note when no kid is named, and a keyring file', () => {
    const noted = cli(['verify', token, '--now', String(NOW)], { env: withSecret });
    expect(noted.status).toBe(0);
    expect(noted.stderr).toMatch(/token's own kid "app_cli_test"/);
    const keyring = join(dir, 'keys.json');
    writeFileSync(keyring, JSON.stringify([{ kid: 'app_new', secret: 'another-secret-0123456789abcdef0123' }, key]));
    expect(cli(['verify', token, '--keyring-file', keyring, '--now', String(NOW)]).status).toBe(0);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([key, key]));
    expect(cli(['verify', token, '--keyring-file', bad, '--now', String(NOW)]).stderr).toMatch(/ERR_KEY_INVALID/);
    writeFileSync(bad, 'not json');
    expect(cli(['verify', token, '--keyring-file', bad]).status).toBe(2);
    expect(cli(['verify', '-', '--keyring-file', '-'], { input: token }).status).toBe(2);
    expect(cli(['verify', token, '--keyring-file', keyring, '--secret', SECRET]).status).toBe(2);
    expect(cli(['verify'], { env: withSecret }).status).toBe(2);
    expect(cli(['verify', 'a.b.c'], { env: withSecret }).stderr).toMatch(/no readable kid/);
    expect(cli(['verify', '-'], { env: withSecret, input: '  \n' }).stderr).toMatch(/the token is empty/);
  });
});

describe('inspect', () => {
  function inspect(token: string): { status: number | null; findings: { id: string; severity: string; message: string; fix: string }[]; body: Record<string, unknown> } {
    const run = cli(['inspect', token, '--now', String(NOW), '--json']);
    const body = JSON.parse(run.stdout) as { findings: { id: string; severity: string; message: string; fix: string }[] };
    return { status: run.status, findings: body.findings, body };
  }
  const ids = (token: string): string[] => inspect(token).findings.map((finding) => finding.id);

  it('explains a millisecond exp in words, and says the signature is not checked', () => {
    const token = jwt.sign({ scope: 'user', external_id: 'u1', exp: NOW * 1000 + 600_000 }, SECRET, { header: { alg: 'HS256', kid: KID }, noTimestamp: true });
    const run = cli(['inspect', token, '--now', String(NOW)]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/signature: NOT checked/);
    expect(run.stdout).toMatch(/error +exp-milliseconds: exp 1700000600000 is milliseconds \(2023-11-14T22:23:20.000Z if divided by 1000\)/);
    expect(run.stdout).toMatch(/fix: exp is in milliseconds: JWT times are seconds\. Use Math\.floor\(Date\.now\(\) \/ 1000\)/);
    // The same token through verify: refused, and pointed at inspect.
    const verified = cli(['verify', token, '--now', String(NOW)], { env: withSecret });
    expect(verified.stderr).toMatch(/ERR_CLAIM_INVALID: exp must be integer epoch seconds; got 1700000600000 \(milliseconds\): divide by 1000[\s\S]*inspect/);
  });

  it('finds nothing in a good token (exit 0), JSON shape', () => {
    const result = inspect(signJwtSync({ externalId: 'u1' }, key, { now: NOW }));
    expect(result.status).toBe(0);
    expect(result.findings).toEqual([]);
    expect(Object.keys(result.body)).toEqual(['ok', 'signatureChecked', 'header', 'payload', 'findings']);
    expect(result.body).toMatchObject({ ok: true, signatureChecked: false, header: goodHeader, payload: goodPayload });
    expect(cli(['inspect', signJwtSync({ externalId: 'u1' }, key, { now: NOW }), '--now', String(NOW)]).stdout).toMatch(/No problems found\./);
  });

  it('info findings alone exit 0', () => {
    const result = inspect(forge({ alg: 'HS256', kid: KID }, { scope: 'user', external_id: 'u1' }));
    expect(result.findings.map((finding) => [finding.id, finding.severity])).toEqual([
      ['typ-missing', 'info'],
      ['exp-missing', 'info'],
    ]);
    expect(result.status).toBe(0);
  });

  // Every finding is checked in-process (test/inspect.test.ts); here a sample goes through the command.
  const sample = cases.filter(([id], index) => cases.findIndex(([other]) => other === id) === index).filter((_, index) => index % 6 === 0);

  it.each(sample)('reports %s with its fix', (id, token, message) => {
    const result = inspect(token);
    const finding = result.findings.find((candidate) => candidate.id === id && candidate.message.includes(message));
    expect(finding, JSON.stringify(result.findings)).toBeDefined();
    expect(finding?.fix).toBe(FINDINGS[id as keyof typeof FINDINGS][1]);
    expect(finding?.severity).toBe(FINDINGS[id as keyof typeof FINDINGS][0]);
    if (finding?.severity !== 'info') expect(result.status).toBe(1);
  });

  it('reads the token from standard input, and refuses usage errors with 2', () => {
    const run = cli(['inspect', '-', '--now', String(NOW)], { input: `${forge(goodHeader, goodPayload)}\n` });
    expect(run.status).toBe(0);
    expect(cli(['inspect']).status).toBe(2);
    expect(cli(['inspect', 'a', 'b']).status).toBe(2);
    expect(cli(['inspect', 'a.b.c', '--now', 'soon']).status).toBe(2);
  });
});

describe('help and explain', () => {
  it('--help for the command and each subcommand, exit 0, with the exit codes', () => {
    for (const args of [['--help'], ['help'], ['-h'], ['sign', '--help'], ['verify', '-h'], ['inspect', '--help'], ['explain', '--help']]) {
      const run = cli(args);
      expect(run.status, args.join(' ')).toBe(0);
      expect(run.stdout, args.join(' ')).toMatch(/Usage/);
      expect(run.stdout, args.join(' ')).toMatch(/Exit status: 0/);
    }
    expect(cli(['sign', '--help']).stdout).toMatch(/--secret-env NAME[\s\S]*--no-exp/);
  });

  it('explain prints a code or finding, lists all with --json, and refuses unknown names', () => {
    expect(cli(['explain', 'ERR_JWT_EXPIRED']).stdout).toMatch(/^ERR_JWT_EXPIRED\nexp is in the past/);
    expect(JSON.parse(cli(['explain', 'exp-milliseconds', '--json']).stdout)).toEqual({
      name: 'exp-milliseconds',
      kind: 'finding',
      severity: 'error',
      text: FINDINGS['exp-milliseconds'][1],
    });
    const all = JSON.parse(cli(['explain', '--json']).stdout) as { codes: { code: string }[]; findings: { id: string }[] };
    expect(all.codes).toHaveLength(10);
    expect(all.findings.map((finding) => finding.id)).toEqual(Object.keys(FINDINGS));
    expect(cli(['explain']).stdout).toMatch(/ERR_RUNTIME_UNSUPPORTED[\s\S]*support-sdk-payload/);
    expect(cli(['explain', 'nope']).status).toBe(2);
    expect(cli(['explain', 'a', 'b']).status).toBe(2);
  });
});
