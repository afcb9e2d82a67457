// The guides and the API reference cannot rot: examples in guides match examples/ (which
// test/examples.test.ts runs), troubleshooting covers every code and finding, every export is documented.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { CODE_EXPLANATIONS, FINDINGS } from '../src/inspect.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = join(root, 'scripts', 'docs-examples.mjs');
const guides = join(root, 'docs', 'guides');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

function run(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('guides', () => {
  it('show exactly the example files the tests run (npm run docs:examples writes them)', () => {
    const result = run(['--check']);
    expect(result.output).toMatch(/\d+ example blocks checked/);
    expect(result.status).toBe(0);
  });

  it('--check fails on a stale guide, and the write mode repairs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zmj-docs-'));
    try {
      mkdirSync(join(dir, 'docs', 'guides'), { recursive: true });
      cpSync(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
      const guide = join(dir, 'docs', 'guides', 'worker.md');
      writeFileSync(guide, '# W\n\n<!-- example: examples/worker.ts -->\n```ts\nold code\n```\n<!-- /example -->\n');
      const stale = run(['--check', '--root', dir]);
      expect(stale.status).toBe(1);
      expect(stale.output).toMatch(/worker\.md/);
      expect(run(['--root', dir]).status).toBe(0);
      const repaired = readFileSync(guide, 'utf8');
      expect(repaired).toContain("from 'zendesk-messaging-jwt'");
      expect(repaired).not.toContain('../src/index.js');
      expect(repaired).toContain(readFileSync(join(root, 'examples', 'worker.ts'), 'utf8').split('\n').at(-3));
      expect(run(['--check', '--root', dir]).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every example block names a file that exists, and every example file is shown in a guide', () => {
    const shown = new Set<string>();
    for (const name of readdirSync(guides)) {
      for (const match of readFileSync(join(guides, name), 'utf8').matchAll(/<!-- example: (\S+) -->/g)) shown.add(match[1] as string);
    }
    const examples = readdirSync(join(root, 'examples'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.parentPath.endsWith('types'))
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length));
    expect([...shown].sort()).toEqual(examples.sort());
  });

  it('the page snippet loads the tested page module and wires login and logout', () => {
    const html = read('examples/page.html');
    expect(html).toMatch(/snippet\.js\?key=/);
    expect(html).toMatch(/import \{ loginToZendesk, logoutFromZendesk \}/);
    expect(html).toMatch(/loginToZendesk\('\/zendesk\/jwt'\)/);
    expect(html).toMatch(/addEventListener\('click', logoutFromZendesk\)/);
  });

  it('troubleshooting has a section for every JwtError code and every inspect finding', () => {
    const headings = new Set([...read('docs/guides/troubleshooting.md').matchAll(/^### (\S+)$/gm)].map((match) => match[1]));
    for (const name of [...Object.keys(CODE_EXPLANATIONS), ...Object.keys(FINDINGS)]) expect(headings, name).toContain(name);
    expect(Object.keys(CODE_EXPLANATIONS)).toHaveLength(10);
  });

  it('the README links every guide', () => {
    const readme = read('README.md');
    for (const name of readdirSync(guides)) expect(readme, name).toContain(`docs/guides/${name}`);
  });
});

describe('API reference', () => {
  it('every runtime export has TSDoc with @example, and every function @throws', () => {
    const program = ts.createProgram([join(root, 'src', 'index.ts')], { strict: true, noEmit: true, lib: ['lib.es2024.d.ts', 'lib.dom.d.ts'] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(join(root, 'src', 'index.ts'));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    expect(moduleSymbol).toBeDefined();
    const exported = checker.getExportsOfModule(moduleSymbol as ts.Symbol);
    const runtime = new Set(Object.keys(api));
    let checked = 0;
    for (const symbol of exported) {
      if (!runtime.has(symbol.name)) continue;
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declaration = target.declarations?.[0];
      expect(declaration, symbol.name).toBeDefined();
      const tags = ts.getJSDocTags(declaration as ts.Node).map((tag) => tag.tagName.text);
      expect(tags, symbol.name).toContain('example');
      if (ts.isFunctionDeclaration(declaration as ts.Node)) expect(tags, symbol.name).toContain('throws');
      checked++;
    }
    expect(checked).toBe(runtime.size);
  });
});
