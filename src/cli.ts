#!/usr/bin/env node
// The zendesk-messaging-jwt command. Node only, so it may import node: modules; src/index.ts never
// imports this file, so edge bundles of the library stay free of it.
import { readFileSync, readSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { utf8Encode } from './base64url.js';
import { JwtError } from './errors.js';
import { createHmacKey } from './hmac.js';
import { CODE_EXPLANATIONS, FINDINGS, MAX_INPUT_BYTES, escapeForTerminal, explain, inspectToken, type Finding } from './inspect.js';
import { signJwtSync, type SigningKey } from './sign.js';
import { decodeJwt, verifyJwtSync } from './verify.js';

/** Exit statuses, as documented in --help. */
const OK = 0;
const REFUSED = 1;
const USAGE = 2;

class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;
type Options = NonNullable<ParseArgsConfig['options']>;

const KEY_OPTIONS: Options = {
  kid: { type: 'string' },
  'secret-env': { type: 'string' },
  'secret-file': { type: 'string' },
  secret: { type: 'string' },
};
const COMMON: Options = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };

const HELP = {
  main: `zendesk-messaging-jwt: sign, verify and explain Zendesk Messaging JWTs

Usage:
  zendesk-messaging-jwt sign --kid KID --external-id ID [options]
  zendesk-messaging-jwt verify TOKEN|- [--kid KID] [key options]
  zendesk-messaging-jwt inspect TOKEN|-
  zendesk-messaging-jwt explain [CODE|FINDING]

Run any command with --help for its options. Every command takes --json.
Environment: ZENDESK_KEY_ID (the key id; ZENDESK_KID is still read, with a note) and
ZENDESK_SECRET (the secret). No output ever holds the secret, whatever argument it lands in.

Exit status: 0 ok; 1 the token was refused, inspect found problems, or signing was refused;
2 usage error (unknown option, missing argument, unreadable secret or token file).`,
  sign: `zendesk-messaging-jwt sign: print a signed Zendesk Messaging token

Usage: zendesk-messaging-jwt sign --kid KID --external-id ID [options]

  --kid KID              signing key id from Admin Center (default: $ZENDESK_KEY_ID)
  --secret-env NAME      read the shared secret from environment variable NAME (default ZENDESK_SECRET)
  --secret-file PATH     read the secret from a file ("-" for standard input); one trailing newline is dropped
  --secret SECRET        the secret itself: avoid it, it lands in your shell history
  --external-id ID       your own stable user id (required)
  --name NAME            the user's name, shown to agents
  --email EMAIL          the user's email; signed only with --email-verified
  --email-verified       the user proved they own --email
  --expires-in SECONDS   lifetime in seconds (default 600)
  --no-exp               no exp claim (Zendesk recommends a short expiry)
  --now SECONDS          epoch seconds taken as now (reproducible tokens)
  --json                 print {"jwt", "header", "claims"} instead of the bare token

Exit status: 0 signed; 1 refused (the message says which rule); 2 usage error.`,
  verify: `zendesk-messaging-jwt verify: check a token's signature and claims with your key

Usage: zendesk-messaging-jwt verify TOKEN|- [options]     ("-" reads the token from standard input)

  --kid KID              key id (default: $ZENDESK_KEY_ID, else the token's own kid, with a note)
  --secret-env NAME      secret from environment variable NAME (default ZENDESK_SECRET)
  --secret-file PATH     secret from a file; one trailing newline is dropped
  --secret SECRET        the secret itself: avoid it, it lands in your shell history
  --keyring-file PATH    several keys: a JSON array of {"kid", "secret"} (key rotation)
  --clock-tolerance SEC  leeway for exp and nbf (default 0)
  --require-exp          refuse a token without exp
  --now SECONDS          epoch seconds taken as now
  --json                 print {"ok", "header", "claims", "user"} or {"ok": false, "error"} on standard output

Prints the header, claims and user (Zendesk's reading) as JSON, or the error code and what it means.
On a signature mismatch it tries the usual corruptions of your secret (white space, a trailing
newline, base64-decoded) and names the one the token was signed with, never the secret itself.
Exit status: 0 valid; 1 refused; 2 usage error.`,
  inspect: `zendesk-messaging-jwt inspect: decode a token and list every Zendesk rule it breaks

Usage: zendesk-messaging-jwt inspect TOKEN|- [--now SECONDS] [--json]

Needs no key: the signature is NOT checked (use verify for that). Reads tokens a strict
verifier refuses too, and says why it refuses them; a "Bearer " prefix, quotes or the endpoint's
JSON answer around the token are named and taken off. Reads at most 64 KB. Control and bidi
characters from the token are printed as \\uXXXX escapes.
Exit status: 0 no errors or warnings (info findings allowed); 1 findings; 2 usage error.`,
  explain: `zendesk-messaging-jwt explain: what an error code or inspect finding means, and the fix

Usage: zendesk-messaging-jwt explain [CODE|FINDING] [--json]

Without an argument, lists every JwtError code and every inspect finding.
Exit status: 0 explained; 2 unknown name.`,
} as const;

type Command = keyof typeof HELP;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Standard input as UTF-8; a usage error past MAX_INPUT_BYTES. */
  readStdin: () => string;
  readFile: (path: string) => string;
}

function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP.main);
    return command === undefined ? USAGE : OK;
  }
  if (!Object.hasOwn(HELP, command) || command === 'main') {
    // Never echoed: a secret pasted in the wrong place would be printed back.
    throw new UsageError('unknown command; the commands are sign, verify, inspect and explain (run zendesk-messaging-jwt --help)');
  }
  const run = { sign, verify, inspect, explain: explainCommand }[command as Exclude<Command, 'main'>];
  return run(rest, io);
}

function parse(args: string[], options: Options, command: Command, io: Io): { values: Values; positionals: string[] } | undefined {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, ...COMMON }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${parseProblem(error, options)}; run zendesk-messaging-jwt ${command} --help`);
  }
  if (parsed.values.help === true) {
    io.stdout(HELP[command]);
    return undefined;
  }
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

/**
 * What parseArgs refused, in words that hold no argument value: its own messages quote what
 * was typed (`--bogus=<value>`), which may be the secret. Only a known option's name is named.
 */
function parseProblem(error: unknown, options: Options): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return 'unknown option (not echoed: it may hold a secret)';
  const named = /'(--?[a-z][a-z-]*)/.exec((error as Error).message)?.[1];
  const known = named !== undefined && (Object.hasOwn(options, named.replace(/^--?/, '')) || Object.hasOwn(COMMON, named.replace(/^--?/, '')));
  const option = known ? named : 'an option';
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /missing|ambiguous/.test((error as Error).message)) return `${option} needs a value`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${option} takes no value`;
  return 'the arguments cannot be read';
}

function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function seconds(values: Values, name: string): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--${name} takes whole seconds (digits only)`);
  return Number(text);
}

/** The secret, from --secret, --secret-file or the environment; its value is never printed. */
function readSecret(values: Values, io: Io): string {
  const inline = str(values, 'secret');
  if (inline !== undefined) {
    io.stderr('warning: --secret puts the secret in your shell history and process list; prefer --secret-env or --secret-file');
    return inline;
  }
  const file = str(values, 'secret-file');
  if (file !== undefined) {
    let text: string;
    try {
      text = file === '-' ? io.readStdin() : io.readFile(file);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      // The path is not echoed: a secret given here by mistake would be printed back.
      throw new UsageError(`cannot read the file named by --secret-file (${(error as NodeJS.ErrnoException).code ?? 'error'}); it takes a path, or - for standard input`);
    }
    // A file written by echo ends in a newline that is no part of the secret.
    return text.replace(/\r?\n$/, '');
  }
  const named = str(values, 'secret-env');
  const secret = io.env[named ?? 'ZENDESK_SECRET'];
  if (secret === undefined || secret === '') {
    throw new UsageError(
      named === undefined
        ? 'no secret: set ZENDESK_SECRET in the environment, or pass --secret-env NAME or --secret-file PATH'
        : // The name is not echoed: the secret itself given here by mistake would be printed back.
          'no secret: the environment variable named by --secret-env is not set (it takes a variable name, not the secret)',
    );
  }
  return secret;
}

/** The key id from --kid, ZENDESK_KEY_ID, or the old ZENDESK_KID (with a note); never equal to the secret. */
function readKid(values: Values, io: Io): string | undefined {
  const given = str(values, 'kid');
  if (given !== undefined) return given;
  if (io.env.ZENDESK_KEY_ID !== undefined && io.env.ZENDESK_KEY_ID !== '') return io.env.ZENDESK_KEY_ID;
  if (io.env.ZENDESK_KID !== undefined && io.env.ZENDESK_KID !== '') {
    io.stderr('note: reading the key id from ZENDESK_KID; the variable is now called ZENDESK_KEY_ID');
    return io.env.ZENDESK_KID;
  }
  return undefined;
}

/** A secret pasted as the key id would be printed in every token header: refuse it first. */
function checkKidIsNotSecret(kid: string, secret: string): void {
  if (kid === secret || (secret.trim().length >= 16 && kid.includes(secret.trim()))) {
    throw new UsageError('the key id (--kid or ZENDESK_KEY_ID) holds the secret: pass the key id from Admin Center (app_…), and the secret through ZENDESK_SECRET');
  }
}

function readToken(positionals: string[], io: Io, command: Command): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one token, or "-" to read it from standard input (extra arguments are not echoed)`);
  const token = positionals[0] === '-' ? io.readStdin() : (positionals[0] as string);
  if (Buffer.byteLength(token) > MAX_INPUT_BYTES) {
    throw new UsageError(`the token is over ${MAX_INPUT_BYTES / 1024} KB; a Zendesk token is a few hundred bytes, so this is not one`);
  }
  const trimmed = token.trim();
  if (trimmed === '') throw new UsageError('the token is empty');
  return trimmed;
}

function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2));
}

/** The error as JwtError#toJSON gives it (code, message, claim; never the cause), plus what the code means. */
function refusal(error: JwtError): { code: string; message: string; claim?: string; explanation: string } {
  const { name: _name, ...fields } = error.toJSON();
  return { ...fields, explanation: CODE_EXPLANATIONS[error.code] };
}

function reportRefusal(io: Io, json: boolean, error: JwtError, hint: string): number {
  if (json) printJson(io, { ok: false, error: refusal(error) });
  else io.stderr(`refused: ${error.code}: ${error.message}\n${CODE_EXPLANATIONS[error.code]}\n${hint}`);
  return REFUSED;
}

function sign(args: string[], io: Io): number {
  const parsed = parse(
    args,
    {
      ...KEY_OPTIONS,
      'external-id': { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      'email-verified': { type: 'boolean' },
      'expires-in': { type: 'string' },
      'no-exp': { type: 'boolean' },
      now: { type: 'string' },
    },
    'sign',
    io,
  );
  if (parsed === undefined) return OK;
  const { values, positionals } = parsed;
  // The stray argument is not echoed: it may be the secret, typed where an option was meant.
  if (positionals.length > 0) throw new UsageError('sign takes no positional arguments; every value goes after its option (--external-id ID)');
  const externalId = str(values, 'external-id');
  if (externalId === undefined) throw new UsageError('sign needs --external-id ID');
  const kid = readKid(values, io);
  if (kid === undefined) throw new UsageError('sign needs --kid KID (or ZENDESK_KEY_ID in the environment)');
  if (values['no-exp'] === true && values['expires-in'] !== undefined) throw new UsageError('--no-exp and --expires-in contradict each other');
  const email = str(values, 'email');
  if (values['email-verified'] === true && email === undefined) throw new UsageError('--email-verified needs --email');
  if (email !== undefined && values['email-verified'] !== true) {
    io.stderr('note: --email without --email-verified is left out of the token: Zendesk ignores an unverified email');
  }
  const secret = readSecret(values, io);
  checkKidIsNotSecret(kid, secret);
  const expiresIn = values['no-exp'] === true ? null : seconds(values, 'expires-in');
  const now = seconds(values, 'now');
  const name = str(values, 'name');
  let token: string;
  try {
    token = signJwtSync(
      { externalId, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }), emailVerified: values['email-verified'] === true },
      { kid, secret },
      { ...(expiresIn === undefined ? {} : { expiresIn }), ...(now === undefined ? {} : { now }) },
    );
  } catch (error) {
    if (JwtError.is(error)) return reportRefusal(io, values.json === true, error, 'Nothing was signed.');
    throw error;
  }
  if (values.json === true) {
    const { header, payload } = decodeJwt(token);
    printJson(io, { jwt: token, header, claims: payload });
  } else {
    io.stdout(token);
  }
  return OK;
}

function readKeyring(path: string, io: Io): SigningKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(path === '-' ? io.readStdin() : io.readFile(path));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the file named by --keyring-file as JSON (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`);
  }
  // Shape is checked by the library (ERR_KEY_INVALID); a single object is one key.
  return (Array.isArray(parsed) ? parsed : [parsed]) as SigningKey[];
}

function verify(args: string[], io: Io): number {
  const parsed = parse(
    args,
    { ...KEY_OPTIONS, 'keyring-file': { type: 'string' }, 'clock-tolerance': { type: 'string' }, 'require-exp': { type: 'boolean' }, now: { type: 'string' } },
    'verify',
    io,
  );
  if (parsed === undefined) return OK;
  const { values, positionals } = parsed;
  const json = values.json === true;
  const keyringFile = str(values, 'keyring-file');
  if ([positionals[0] === '-', str(values, 'secret-file') === '-', keyringFile === '-'].filter(Boolean).length > 1) {
    throw new UsageError('only one of the token, --secret-file and --keyring-file can come from standard input');
  }
  const token = readToken(positionals, io, 'verify');
  let keys: SigningKey | SigningKey[];
  if (keyringFile !== undefined) {
    if (str(values, 'secret') !== undefined || str(values, 'secret-file') !== undefined) {
      throw new UsageError('--keyring-file holds the secrets; do not also pass --secret or --secret-file');
    }
    keys = readKeyring(keyringFile, io);
  } else {
    const secret = readSecret(values, io);
    let kid = readKid(values, io);
    if (kid !== undefined) checkKidIsNotSecret(kid, secret);
    if (kid === undefined) {
      const tokenKid = headerKid(token);
      if (tokenKid === undefined) throw new UsageError('no --kid given and the token has no readable kid; pass --kid KID');
      io.stderr(`note: no --kid given; checking the signature with the token's own kid ${JSON.stringify(tokenKid)}`);
      kid = tokenKid;
    }
    keys = { kid, secret };
  }
  const now = seconds(values, 'now');
  const clockTolerance = seconds(values, 'clock-tolerance');
  try {
    const result = verifyJwtSync(token, keys, {
      ...(now === undefined ? {} : { now }),
      ...(clockTolerance === undefined ? {} : { clockTolerance }),
      requireExp: values['require-exp'] === true,
    });
    if (json) printJson(io, { ok: true, ...result });
    else io.stdout(`valid token\n${JSON.stringify({ header: result.header, claims: result.claims, user: result.user }, null, 2)}`);
    return OK;
  } catch (error) {
    if (!JwtError.is(error)) throw error;
    const hint = error.code === 'ERR_SIGNATURE_INVALID' || error.code === 'ERR_KEY_INVALID' ? secretHint(token, keys) : undefined;
    if (hint !== undefined) {
      if (json) printJson(io, { ok: false, error: refusal(error), secretHint: hint });
      else io.stderr(`refused: ${error.code}: ${error.message}\n${CODE_EXPLANATIONS[error.code]}\nfound it: ${hint}`);
      return REFUSED;
    }
    return reportRefusal(io, json, error, 'Run `zendesk-messaging-jwt inspect` on the token for every problem it has.');
  }
}

/**
 * The usual ways a right secret gets mangled between Admin Center and the signer, each with
 * what to do. Worded from the signer's side: "the token was signed with …".
 */
const CORRUPTIONS: readonly [(secret: string) => string | Buffer | undefined, string][] = [
  [(s) => (s !== s.trim() ? s : undefined), 'the token was signed with the secret exactly as you gave it, white space included: the signer\'s copy carries the same stray white space (an env file\'s newline, usually); the secret from Admin Center has none, so trim it in both places'],
  [(s) => (s !== s.trim() ? s.trim() : undefined), 'the token was signed with your secret without its surrounding white space: your copy (the environment variable or file) has extra white space; trim it'],
  [(s) => `${s}\n`, 'the token was signed with your secret plus a trailing newline: the signer\'s env file or secret store adds one; trim it there'],
  [(s) => `${s}\r\n`, 'the token was signed with your secret plus a trailing CR LF (a Windows line ending): the signer\'s env file adds it; trim it there'],
  [(s) => `${s} `, 'the token was signed with your secret plus a trailing space: trim it where the token is signed'],
  // Node's base64 decoder also takes - and _, so each alphabet is tried only on its own kind of text.
  [(s) => (/^[A-Za-z0-9+/]+={0,2}$/.test(s) ? Buffer.from(s, 'base64') : undefined), 'the token was signed with your secret base64-decoded into bytes (as Buffer.from(secret, \'base64\') does): Zendesk uses the secret\'s text as it is; sign with the string'],
  [(s) => (/^[\w-]+$/.test(s) && /[-_]/.test(s) ? Buffer.from(s, 'base64url') : undefined), 'the token was signed with your secret base64url-decoded into bytes: Zendesk uses the secret\'s text as it is; sign with the string'],
];

/**
 * Which corruption of the given secret the token was signed with, if any. The HMAC comes from the
 * library's HMAC edge, below its key rules, which rightly refuse a secret with white space. Prints
 * nothing: the answer names the corruption, never the secret.
 */
function secretHint(token: string, keys: SigningKey | SigningKey[]): string | undefined {
  const [header, payload, signature] = token.split('.');
  const kid = headerKid(token);
  const key = Array.isArray(keys) ? keys.find((candidate) => candidate.kid === kid) : keys;
  if (signature === undefined || key === undefined || typeof key.secret !== 'string') return undefined;
  const secret = key.secret;
  for (const [corrupt, hint] of CORRUPTIONS) {
    const candidate = corrupt(secret);
    if (candidate === undefined || candidate.length === 0) continue;
    const bytes = typeof candidate === 'string' ? utf8Encode(candidate) : candidate;
    if (createHmacKey(bytes).signSync(`${header}.${payload}`) === signature) return hint;
  }
  return undefined;
}

/** The header's kid, read without verifying, only to pick the key when none was named. */
function headerKid(token: string): string | undefined {
  try {
    const kid = decodeJwt(token).header.kid;
    return typeof kid === 'string' && kid !== '' ? kid : undefined;
  } catch {
    return undefined;
  }
}

function inspect(args: string[], io: Io): number {
  const parsed = parse(args, { now: { type: 'string' } }, 'inspect', io);
  if (parsed === undefined) return OK;
  const { values, positionals } = parsed;
  const token = readToken(positionals, io, 'inspect');
  const now = seconds(values, 'now') ?? Math.floor(Date.now() / 1000);
  const result = inspectToken(token, now);
  const problems = result.findings.filter((finding) => finding.severity !== 'info');
  if (values.json === true) {
    printJson(io, { ok: problems.length === 0, signatureChecked: false, header: result.header ?? null, payload: result.payload ?? null, findings: result.findings });
  } else {
    const lines = [
      `header:    ${result.header === undefined ? '(unreadable)' : JSON.stringify(result.header)}`,
      `payload:   ${result.payload === undefined ? '(unreadable)' : JSON.stringify(result.payload)}`,
      'signature: NOT checked (inspect needs no key; run `zendesk-messaging-jwt verify` with the secret to check it)',
      '',
      result.findings.length === 0 ? 'No problems found.' : `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}:`,
      ...result.findings.map(formatFinding),
    ];
    io.stdout(lines.join('\n'));
  }
  return problems.length === 0 ? OK : REFUSED;
}

function formatFinding(finding: Finding): string {
  return `  ${finding.severity.padEnd(7)} ${finding.id}: ${finding.message}\n          fix: ${finding.fix}`;
}

function explainCommand(args: string[], io: Io): number {
  const parsed = parse(args, {}, 'explain', io);
  if (parsed === undefined) return OK;
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    const codes = Object.entries(CODE_EXPLANATIONS).map(([code, text]) => ({ code, text }));
    const findings = Object.entries(FINDINGS).map(([id, [severity, fix]]) => ({ id, severity, fix }));
    if (values.json === true) printJson(io, { codes, findings });
    else {
      io.stdout(
        ['Error codes (verify, sign, the library):', ...codes.map((c) => `  ${c.code}\n      ${c.text}`), '', 'inspect findings:', ...findings.map((f) => `  ${f.id} (${f.severity})\n      ${f.fix}`)].join(
          '\n',
        ),
      );
    }
    return OK;
  }
  if (positionals.length > 1) throw new UsageError('explain takes one name at a time');
  const name = positionals[0] as string;
  const found = explain(name);
  if (found === undefined) throw new UsageError('that name is neither a JwtError code nor an inspect finding (not echoed); run zendesk-messaging-jwt explain for the list');
  if (values.json === true) printJson(io, { name, ...found });
  else io.stdout(`${name}${found.severity === undefined ? '' : ` (${found.severity})`}\n${found.text}`);
  return OK;
}

/** Standard input, read up to one byte past the limit: a 70 MB paste fails fast, not after a minute. */
function readStdin(): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(16 * 1024);
  let total = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw error;
    }
    if (read === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
    total += read;
    if (total > MAX_INPUT_BYTES) {
      throw new UsageError(`standard input is over ${MAX_INPUT_BYTES / 1024} KB; a Zendesk token or secret is a few hundred bytes at most`);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function run(): void {
  // One guard for everything printed: text from a token (a name, a claim) can hold control
  // and bidi characters that rewrite the terminal or make a line read differently.
  const io: Io = {
    stdout: (text) => process.stdout.write(`${escapeForTerminal(text)}\n`),
    stderr: (text) => process.stderr.write(`${escapeForTerminal(text)}\n`),
    env: process.env,
    readStdin,
    readFile: (path) => readFileSync(path, 'utf8'),
  };
  let status: number;
  try {
    status = main(process.argv.slice(2), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`usage error: ${error.message}`);
      status = USAGE;
    } else if (JwtError.is(error)) {
      io.stderr(`refused: ${error.code}: ${error.message}\n${CODE_EXPLANATIONS[error.code]}`);
      status = REFUSED;
    } else {
      // Only the kind and message: a stack could hold nothing secret, but it helps nobody here.
      io.stderr(`error: ${error instanceof Error ? error.message : String(error)}`);
      status = REFUSED;
    }
  }
  process.exitCode = status;
}

run();
