// Every link in the README and docs/ must lead somewhere: a relative link to a file of this
// repository (as GitHub renders it), and an absolute link into this repository on GitHub (what the
// README on npm uses) to a file that exists here too. Other sites are not fetched.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { links, markdownFiles, readPage, repositoryFiles, root } from './helpers/markdown.js';

const files = repositoryFiles();
const paths = new Set(files);
for (const file of files) {
  // A link may name a folder (GitHub lists it): every parent of a file exists too.
  for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) paths.add(dir);
}

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { repository?: { url?: string }; homepage?: string; bugs?: { url?: string } };
const repo = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?$/.exec(pkg.repository?.url ?? '');
const [, owner = '', name = ''] = repo ?? [];
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// https://github.com/<owner>/<repo>/blob|tree/<ref>/<path>, and raw.githubusercontent.com/<owner>/<repo>/<ref>/<path>.
const ownRepository = new RegExp(
  `^https://(?:github\\.com/${escape(owner)}/${escape(name)}/(?:blob|tree|raw)/[^/]+|raw\\.githubusercontent\\.com/${escape(owner)}/${escape(name)}/[^/]+)(/[^?#]*)?`,
  'i',
);

/** What a link points at in this repository ('' for the root), null for another site or a mail address. */
export function localTarget(page: string, target: string): string | null {
  const own = ownRepository.exec(target);
  if (own) return posix.normalize(decodeURIComponent(own[1] ?? '/')).replace(/^\/|\/$/g, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null;
  const path = decodeURIComponent(target.replace(/[?#].*$/, ''));
  if (path === '') return null; // #anchor on the same page
  // On GitHub a link starting with / is relative to the repository root.
  return posix.normalize(path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(page), path)).replace(/\/$/, '');
}

/** The links of a page that lead to no file of the repository, as "page:line target". */
function brokenLinks(page: string): string[] {
  return links(readPage(page))
    .filter(({ target }) => {
      const local = localTarget(page, target);
      return local !== null && (local.startsWith('..') || !(local === '.' || local === '' || paths.has(local)));
    })
    .map(({ target, line }) => `${page}:${line} ${target}`);
}

describe('links in the README and docs/', () => {
  const pages = markdownFiles(files);

  it('has a README and docs to check, and the package names its GitHub repository', () => {
    expect(pages).toContain('README.md');
    expect(pages.some((page) => page.startsWith('docs/'))).toBe(true);
    expect(owner).not.toBe('');
    expect(pkg.homepage).toBe(`https://github.com/${owner}/${name}#readme`);
    expect(pkg.bugs?.url).toBe(`https://github.com/${owner}/${name}/issues`);
  });

  it('the README links to the docs', () => {
    const local = links(readPage('README.md')).filter(({ target }) => localTarget('README.md', target)?.startsWith('docs/'));
    expect(local.length).toBeGreaterThan(0);
  });

  it.each(pages)('%s: every link to this repository leads to a file in it', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });
});

describe('the link reader (so the checks above cannot pass by reading nothing)', () => {
  const sample = [
    '# Title',
    'See [the guide](docs/guides/page.md#login) and ![logo](./img/logo.png "Logo").',
    'Not a link: `[x](nowhere.md)`, and <!-- [y](hidden.md) -->.',
    '```md',
    '[z](in-a-code-block.md)',
    '```',
    '[ref]: ../LICENSE',
    '<a href="CHANGELOG.md">changes</a> [site](https://example.com) [mail](mailto:a@b.c) [here](#title)',
    `[on GitHub](https://github.com/${owner}/${name}/blob/main/docs/guides/page.md#x)`,
  ].join('\n');

  it('finds inline links, images, definitions and HTML links, and skips code and comments', () => {
    expect(links(sample)).toEqual([
      { target: 'docs/guides/page.md#login', line: 2 },
      { target: './img/logo.png', line: 2 },
      { target: '../LICENSE', line: 7 },
      { target: 'https://example.com', line: 8 },
      { target: 'mailto:a@b.c', line: 8 },
      { target: '#title', line: 8 },
      { target: 'CHANGELOG.md', line: 8 },
      { target: `https://github.com/${owner}/${name}/blob/main/docs/guides/page.md#x`, line: 9 },
    ]);
  });

  it('resolves relative, root-relative and own-GitHub links; leaves other sites alone', () => {
    expect(localTarget('docs/guides/page.md', '../../README.md#install')).toBe('README.md');
    expect(localTarget('docs/guides/page.md', '/src/index.ts')).toBe('src/index.ts');
    expect(localTarget('docs/guides/page.md', '../../../outside.md')).toBe('../outside.md');
    expect(localTarget('README.md', `https://github.com/${owner}/${name}/tree/main/docs/guides/`)).toBe('docs/guides');
    expect(localTarget('README.md', `https://github.com/${owner}/${name}/blob/main/docs/a%20b.md#x`)).toBe('docs/a b.md');
    expect(localTarget('README.md', `https://github.com/${owner}/${name}#readme`)).toBeNull();
    expect(localTarget('README.md', 'https://github.com/someone/else/blob/main/README.md')).toBeNull();
    expect(localTarget('README.md', '#quick-start')).toBeNull();
  });
});
