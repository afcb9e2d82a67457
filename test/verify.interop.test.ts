/**
 * Both directions against independent implementations: tokens we sign verify in jsonwebtoken,
 * jose, pyjwt and ruby-jwt; tokens made exactly as Zendesk's three samples make them verify in
 * ours. pyjwt and ruby-jwt come from Debian (python3-jwt, ruby + ruby-jwt; .ci/run installs
 * them): when missing these tests fail, with the apt-get line to run. The secret reaches the
 * child processes through the environment, never the command line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { jwtVerify, SignJWT } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createVerifier, JwtError, signJwtSync, type MessagingUser, type SigningKey } from '../src/index.js';
import { KEY, KID, SECRET } from './support/forge.js';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const RUBY = existsSync('/usr/bin/ruby') ? '/usr/bin/ruby' : 'ruby';
const BYTES_KEY: SigningKey = { kid: 'app_bytes_key', secret: Uint8Array.from({ length: 48 }, (_, i) => (i * 37 + 200) % 256) };
const verifier = createVerifier([KEY, BYTES_KEY]);

type Json = Record<string, unknown>;

/** Run a script with JSON on stdin and JSON on stdout; the secrets travel in the environment. */
function runJson(command: string, args: string[], input: unknown, missing: string): unknown {
  const result = spawnSync(command, args, {
    input: JSON.stringify(input),
    encoding: 'utf8',
    env: { ...process.env, ZD_SECRET: SECRET, ZD_KID: KID, ZD_BYTES_SECRET_HEX: Buffer.from(BYTES_KEY.secret).toString('hex'), ZD_BYTES_KID: BYTES_KEY.kid },
    timeout: 20_000,
  });
  if (result.error || result.status !== 0) {
    const detail = result.error ? result.error.message : result.stderr;
    if (result.error || /LoadError|ModuleNotFoundError|No module named|cannot load such file/.test(detail)) {
      throw new Error(`${missing} (${command}: ${detail.trim().split('\n').pop() ?? ''})`);
    }
    throw new Error(`${command} failed: ${detail}`);
  }
  return JSON.parse(result.stdout) as unknown;
}

const PY_MISSING = 'pyjwt from Debian is required for the interop tests: apt-get install -y python3-jwt';
const RB_MISSING = 'ruby and ruby-jwt from Debian are required for the interop tests: apt-get install -y ruby ruby-jwt';

const python = (script: string, input: unknown): unknown => runJson(PYTHON, ['-c', script], input, PY_MISSING);
const ruby = (script: string, input: unknown): unknown => runJson(RUBY, ['-e', script], input, RB_MISSING);

const users: MessagingUser[] = [
  { externalId: '12345678' },
  { externalId: 'user-42', name: 'Jane Soap', email: 'jane@example.com', emailVerified: true },
  { externalId: 'ünïcødé-😀-用户', name: 'Zoë “quotes” \\ / \u2028', email: 'z@example.com', emailVerified: false },
  { externalId: '😀'.repeat(255), name: 'e\u0301 combining' },
];

/** The payload each library is expected to report for a token we signed. */
function ourTokens(): { token: string; kid: string; payload: Json }[] {
  return users.flatMap((user) =>
    [KEY, BYTES_KEY].map((key) => {
      const token = signJwtSync(user, key, { expiresIn: 3600 });
      return { token, kid: key.kid, payload: verifier.verifySync(token).claims };
    }),
  );
}

function secretFor(kid: string): string | Uint8Array {
  return kid === KID ? SECRET : BYTES_KEY.secret;
}

describe('tokens we sign verify elsewhere', () => {
  it('in jsonwebtoken (HS256 pinned)', () => {
    for (const { token, kid, payload } of ourTokens()) {
      const decoded = jsonwebtoken.verify(token, Buffer.from(secretFor(kid)), { algorithms: ['HS256'], complete: true });
      expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT', kid });
      expect(decoded.payload).toEqual(payload);
    }
  });

  it('in jose', async () => {
    for (const { token, kid, payload } of ourTokens()) {
      const secret = secretFor(kid);
      const { payload: decoded, protectedHeader } = await jwtVerify(token, typeof secret === 'string' ? new TextEncoder().encode(secret) : secret, {
        algorithms: ['HS256'],
      });
      expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT', kid });
      expect(decoded).toEqual(payload);
    }
  });

  it('in pyjwt (Debian python3-jwt)', () => {
    const tokens = ourTokens();
    const script = `
import json, os, sys, jwt
keys = {os.environ["ZD_KID"]: os.environ["ZD_SECRET"].encode(), os.environ["ZD_BYTES_KID"]: bytes.fromhex(os.environ["ZD_BYTES_SECRET_HEX"])}
out = []
for token in json.load(sys.stdin):
    header = jwt.get_unverified_header(token)
    out.append({"header": header, "payload": jwt.decode(token, keys[header["kid"]], algorithms=["HS256"])})
print(json.dumps(out))
`;
    const decoded = python(script, tokens.map((t) => t.token)) as { header: Json; payload: Json }[];
    expect(decoded).toHaveLength(tokens.length);
    tokens.forEach(({ kid, payload }, i) => {
      expect(decoded[i]?.header).toEqual({ alg: 'HS256', typ: 'JWT', kid });
      expect(decoded[i]?.payload).toEqual(payload);
    });
  });

  it('in ruby-jwt (Debian ruby-jwt)', () => {
    const tokens = ourTokens();
    const script = `
require 'json'
require 'jwt'
keys = { ENV['ZD_KID'] => ENV['ZD_SECRET'], ENV['ZD_BYTES_KID'] => [ENV['ZD_BYTES_SECRET_HEX']].pack('H*') }
out = JSON.parse($stdin.read).map do |token|
  payload, header = JWT.decode(token, nil, true, { algorithm: 'HS256' }) { |h| keys.fetch(h['kid']) }
  { 'header' => header, 'payload' => payload }
end
puts JSON.generate(out)
`;
    const decoded = ruby(script, tokens.map((t) => t.token)) as { header: Json; payload: Json }[];
    expect(decoded).toHaveLength(tokens.length);
    tokens.forEach(({ kid, payload }, i) => {
      expect(decoded[i]?.header).toEqual({ alg: 'HS256', typ: 'JWT', kid });
      expect(decoded[i]?.payload).toEqual(payload);
    });
  });
});

/** Payloads as a Zendesk customer would write them in each sample. */
const samplePayloads: Json[] = [
  { scope: 'user', external_id: '12345678' },
  { external_id: '12345678', email: 'jane@example.com', email_verified: true, exp: Math.floor(Date.now() / 1000) + 600, name: 'Jane Soap', scope: 'user' },
  { scope: 'user', external_id: 'ünïcødé-😀-用户', name: 'Zoë 😀', email: 'z@example.com', email_verified: false },
];

function expectedUser(payload: Json): MessagingUser {
  const user: MessagingUser = { externalId: payload.external_id as string };
  if (typeof payload.name === 'string') user.name = payload.name;
  if (payload.email_verified === true && typeof payload.email === 'string') {
    user.email = payload.email;
    user.emailVerified = true;
  }
  return user;
}

describe("tokens made as Zendesk's samples make them verify in ours", () => {
  it("jsonwebtoken: jwt.sign({ scope: 'user', external_id }, SECRET, { header: { kid } }) (adds iat)", () => {
    for (const payload of samplePayloads) {
      const token = jsonwebtoken.sign(payload, SECRET, { header: { kid: KID } as jsonwebtoken.JwtHeader });
      const result = verifier.verifySync(token);
      expect(result.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: KID });
      expect(typeof result.claims.iat).toBe('number');
      expect(result.claims).toEqual({ ...payload, iat: result.claims.iat });
      expect(result.user).toEqual(expectedUser(payload));
    }
  });

  it('jose: new SignJWT(payload).setProtectedHeader({ alg, kid })', async () => {
    for (const payload of samplePayloads) {
      const token = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: KID }).sign(new TextEncoder().encode(SECRET));
      const result = await verifier.verify(token);
      expect(result.header).toEqual({ alg: 'HS256', kid: KID });
      expect(result.user).toEqual(expectedUser(payload));
    }
  });

  it("python: jwt.encode({...}, SECRET, algorithm='HS256', headers={'kid': KEY_ID})", () => {
    const script = `
import json, os, sys, jwt
SECRET = os.environ["ZD_SECRET"]
KEY_ID = os.environ["ZD_KID"]
print(json.dumps([jwt.encode(payload, SECRET, algorithm='HS256', headers={'kid': KEY_ID}) for payload in json.load(sys.stdin)]))
`;
    const tokens = python(script, samplePayloads) as string[];
    expect(tokens).toHaveLength(samplePayloads.length);
    tokens.forEach((token, i) => {
      const payload = samplePayloads[i] ?? {};
      const result = verifier.verifySync(token);
      expect(result.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: KID });
      expect(result.claims).toEqual(payload);
      expect(result.user).toEqual(expectedUser(payload));
    });
  });

  it("ruby: JWT.encode(payload, SECRET, 'HS256', { kid: KEY_ID }) (no typ, kid first)", () => {
    const script = `
require 'json'
require 'jwt'
SECRET = ENV['ZD_SECRET']
KEY_ID = ENV['ZD_KID']
tokens = JSON.parse($stdin.read).map { |payload| JWT.encode(payload, SECRET, 'HS256', { kid: KEY_ID }) }
puts JSON.generate(tokens)
`;
    const tokens = ruby(script, samplePayloads) as string[];
    expect(tokens).toHaveLength(samplePayloads.length);
    tokens.forEach((token, i) => {
      const payload = samplePayloads[i] ?? {};
      const headerText = Buffer.from(token.split('.')[0] ?? '', 'base64url').toString();
      expect(headerText).toBe(`{"kid":"${KID}","alg":"HS256"}`);
      const result = verifier.verifySync(token);
      expect(result.header).toEqual({ kid: KID, alg: 'HS256' });
      expect(result.claims).toEqual(payload);
      expect(result.user).toEqual(expectedUser(payload));
    });
  });

  it('a sample token signed with the wrong secret is refused with ERR_SIGNATURE_INVALID', () => {
    const token = jsonwebtoken.sign({ scope: 'user', external_id: '1' }, `${SECRET}x`, { header: { kid: KID } as jsonwebtoken.JwtHeader });
    expect(() => verifier.verifySync(token)).toThrow(JwtError);
    try {
      verifier.verifySync(token);
    } catch (error) {
      expect((error as JwtError).code).toBe('ERR_SIGNATURE_INVALID');
    }
  });
});
