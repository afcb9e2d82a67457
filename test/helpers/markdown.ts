// Reads the project's markdown the way a reader meets it: the fenced code blocks and the links,
// each with the line it sits on. Shared by test/links.test.ts and test/snippets.test.ts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every file of the repository (tracked, or new and not ignored), relative to the root with '/'. */
export function repositoryFiles(): readonly string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((file) => file !== '');
}

/** The pages users and contributors read: the README, docs/ and the project's own notes. */
export function markdownFiles(files: readonly string[] = repositoryFiles()): string[] {
  const pages = new Set(['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'bench/RESULTS.md']);
  return files.filter((file) => pages.has(file) || (file.startsWith('docs/') && file.endsWith('.md'))).sort();
}

export const readPage = (file: string): string => readFileSync(`${root}${file}`, 'utf8');

export interface Fence {
  /** The info string's first word, lower-cased: 'ts', 'typescript', 'sh', ''. */
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** 1-based line of the closing fence (the last line when the block is never closed). */
  readonly end: number;
  /** The nearest non-blank line above the fence ('' at the top of the file). */
  readonly above: string;
}

const OPEN = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;

/** The fenced code blocks of a page (indented ones in lists too). */
export function fences(text: string): Fence[] {
  const lines = text.split(/\r?\n/);
  const found: Fence[] = [];
  let lastText = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = OPEN.exec(line);
    if (!open) {
      if (line.trim() !== '') lastText = line.trim();
      continue;
    }
    const [, indent = '', marker = '', info = ''] = open;
    const close = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j] ?? '')) {
      const content = lines[j] ?? '';
      // Lines of a block inside a list item carry the fence's indentation: drop it.
      body.push(content.startsWith(indent) ? content.slice(indent.length) : content.trimStart());
      j++;
    }
    found.push({ lang: info.toLowerCase(), code: body.join('\n'), line: i + 1, end: Math.min(j + 1, lines.length), above: lastText });
    lastText = '';
    i = j;
  }
  return found;
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Blanks out everything that is not prose, keeping line numbers: fenced blocks, HTML comments, code spans. */
function prose(text: string): string {
  const lines = text.split(/\r?\n/);
  for (const fence of fences(text)) {
    for (let i = fence.line - 1; i < fence.end; i++) lines[i] = '';
  }
  const blank = (match: string): string => match.replace(/[^\n]/g, ' ');
  return lines.join('\n').replace(/<!--[\s\S]*?-->/g, blank).replace(/(`+)[\s\S]*?\1/g, blank);
}

const INLINE = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const DEFINITION = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm;
const HTML = /\b(?:href|src)\s*=\s*["']([^"']+)["']/gi;

/** Every link target of a page: inline links and images, reference definitions, HTML href/src. */
export function links(text: string): Link[] {
  const body = prose(text);
  const lineOf = (index: number): number => body.slice(0, index).split('\n').length;
  const found: Link[] = [];
  for (const pattern of [INLINE, DEFINITION, HTML]) {
    for (const match of body.matchAll(pattern)) {
      const target = (match[1] ?? '').replace(/^<|>$/g, '');
      found.push({ target, line: lineOf(match.index) });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}
