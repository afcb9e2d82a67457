// Every TypeScript block a reader can copy from the README or docs/ compiles under strict and
// exactOptionalPropertyTypes against the library's own types. Each block is its own module (a
// virtual file, nothing is written), all are compiled in one TypeScript program, and an error is
// reported at the page and line the reader sees. 'zendesk-messaging-jwt' resolves to src/; other
// packages only if they are installed here, so a block that needs one declares what it uses
// (`declare const app: ...`). Deno and Bun blocks see the stand-ins of test/helpers/snippet-globals.d.ts.
// A block is left out only with a visible marker on the line above:
//   <!-- snippet: skip (the reason) -->
// Blocks spliced from an example file (<!-- example: path -->, see scripts/docs-examples.mjs) are
// that file, which `npm run typecheck` compiles; one whose file it does not compile is compiled here.
import { existsSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fences, markdownFiles, readPage, repositoryFiles, root, type Fence } from './helpers/markdown.js';

const SKIP = /^<!--\s*snippet:\s*skip\b(.*)-->$/;
const EXAMPLE = /^<!-- example: (\S+) -->$/;
const TYPESCRIPT = new Set(['ts', 'typescript', 'mts']);

/** The example files `npm run typecheck` compiles (tsconfig.test.json), relative to the root. */
function typechecked(): Set<string> {
  const file = `${root}tsconfig.test.json`;
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, file);
  return new Set(parsed.fileNames.map((name) => name.slice(root.length)));
}

export interface Snippet {
  readonly page: string;
  readonly fence: Fence;
  /** Why it is not compiled here, or '' when it is. */
  readonly skipped: string;
}

export function snippetsOf(page: string, text: string, compiledElsewhere: ReadonlySet<string>): Snippet[] {
  return fences(text)
    .filter((fence) => TYPESCRIPT.has(fence.lang))
    .map((fence) => {
      const skip = SKIP.exec(fence.above);
      if (skip) return { page, fence, skipped: `marked: ${(skip[1] ?? '').trim()}` };
      const example = EXAMPLE.exec(fence.above)?.[1];
      if (example && compiledElsewhere.has(example)) return { page, fence, skipped: `the example file ${example}` };
      return { page, fence, skipped: '' };
    });
}

/** Compiles the snippets as modules of one program; returns "page:line TSnnnn message" per error. */
export function compile(snippets: readonly Snippet[]): string[] {
  const dir = `${root}__snippets__/`;
  const files = new Map<string, Snippet>();
  for (const snippet of snippets) files.set(`${dir}${snippet.page}/L${snippet.fence.line}.ts`, snippet);
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2024', 'DOM', 'DOM.Iterable'],
      types: ['node'],
      strict: true,
      exactOptionalPropertyTypes: true,
      // Each block is a module of its own, even one with no import, so their names never collide.
      moduleDetection: 'force',
      skipLibCheck: true,
      noEmit: true,
      paths: {
        'zendesk-messaging-jwt': [`${root}src/index.ts`],
        // How the Deno guide imports the package.
        'npm:zendesk-messaging-jwt': [`${root}src/index.ts`],
        'zendesk-messaging-jwt/widget': [`${root}src/widget.ts`],
      },
    },
    root,
  );
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0]?.messageText ?? '', '\n'));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.fence.code ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const snippet = files.get(name);
    return snippet ? ts.createSourceFile(name, snippet.fence.code, language) : getSourceFile.call(host, name, language, ...rest);
  };
  const program = ts.createProgram([...files.keys(), `${root}test/helpers/snippet-globals.d.ts`], options, host);
  const found = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const snippet = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
    if (!diagnostic.file || !snippet) return { page: '', line: 0, text: `${diagnostic.file?.fileName ?? '(program)'} TS${diagnostic.code} ${message}` };
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    // The block's first line is the one after its opening fence.
    const at = snippet.fence.line + 1 + line;
    return { page: snippet.page, line: at, text: `${snippet.page}:${at}:${character + 1} TS${diagnostic.code} ${message}` };
  });
  return found.sort((a, b) => a.page.localeCompare(b.page) || a.line - b.line).map((error) => error.text);
}

const pages = markdownFiles().filter((page) => page === 'README.md' || page.startsWith('docs/'));
const elsewhere = typechecked();
const all = pages.flatMap((page) => snippetsOf(page, readPage(page), elsewhere));

describe('TypeScript blocks in the README and docs/', () => {
  it('finds blocks to compile, and every skip says why', () => {
    expect(all.filter((s) => s.skipped === '').length).toBeGreaterThan(0);
    expect(all.filter((s) => s.skipped === 'marked: ').map((s) => `${s.page}:${s.fence.line}`)).toEqual([]);
  });

  it('every spliced example file exists', () => {
    const named = pages.flatMap((page) => [...readPage(page).matchAll(/<!-- example: (\S+) -->/g)].map((m) => m[1] ?? ''));
    expect(named.filter((path) => !existsSync(`${root}${path}`))).toEqual([]);
  });

  // One program for every page: compiling src/ and the DOM and Node types once takes a few seconds.
  const errors = compile(all.filter((s) => s.skipped === ''));

  it.each(pages)('%s: every TypeScript block compiles under strict and exactOptionalPropertyTypes', (page) => {
    expect(errors.filter((error) => error.startsWith(`${page}:`))).toEqual([]);
  });

  it('no error outside a block (the compiler setup itself)', () => {
    expect(errors.filter((error) => !pages.some((page) => error.startsWith(`${page}:`)))).toEqual([]);
  });
});

describe('the snippet compiler (so the checks above cannot pass by compiling nothing)', () => {
  const page = [
    'Intro.',
    '```ts',
    "import { signJwtSync } from 'zendesk-messaging-jwt';",
    "const token: number = signJwtSync({ externalId: 'u' }, { kid: 'k', secret: 's' });",
    '```',
    '<!-- snippet: skip (pseudo-code) -->',
    '```ts',
    'this is not TypeScript',
    '```',
    '<!-- example: examples/session.ts -->',
    '```ts',
    'also not compiled here',
    '```',
    '```typescript',
    'const shared = 1;',
    'export {};',
    '```',
    '```ts',
    'const shared = 2; // a module of its own: no clash with the block above',
    'const options: { ttl?: number } = { ttl: undefined };',
    '```',
    '```sh',
    'not typescript at all',
    '```',
  ].join('\n');
  const snippets = snippetsOf('docs/sample.md', page, new Set(['examples/session.ts']));

  it('takes ts and typescript blocks, honours a skip marker and a compiled example', () => {
    expect(snippets.map((s) => [s.fence.line, s.skipped])).toEqual([
      [2, ''],
      [7, 'marked: (pseudo-code)'],
      [11, 'the example file examples/session.ts'],
      [14, ''],
      [18, ''],
    ]);
  });

  it('reports errors at the page line, with strict and exactOptionalPropertyTypes on', () => {
    const errors = compile(snippets.filter((s) => s.skipped === ''));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^docs\/sample\.md:4:7 TS2322 Type 'string' is not assignable to type 'number'/);
    expect(errors[1]).toMatch(/^docs\/sample\.md:20:7 TS2375 /);
  });
});
