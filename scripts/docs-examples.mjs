// Copies the example files into the guides, between markers:
//   <!-- example: examples/worker.ts -->
//   ```ts ... ```          (written by this script)
//   <!-- /example -->
// The examples are what test/examples.test.ts runs, so the guides show code that works. The
// examples import the library by path (../src/index.js, ../../dist/index.js, ../src/widget.js);
// the guides show the package names instead. `--check` changes nothing and exits 1 when a guide is stale.
// `--root DIR` works on another tree (the tests use it).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const check = args.includes('--check');
const rootIndex = args.indexOf('--root');
const root = rootIndex >= 0 ? args[rootIndex + 1] : fileURLToPath(new URL('..', import.meta.url));
const guides = join(root, 'docs', 'guides');

const BLOCK = /(<!-- example: ([^\s]+) -->\n)[\s\S]*?(<!-- \/example -->)/g;
// The examples import the library by path; a reader imports the package (or its widget entry).
const LIBRARY_PATH = /(['"])(?:\.\.\/)+(?:src|dist)\/(index|widget)\.js\1/g;
const packageName = (_all, _quote, entry) => (entry === 'widget' ? "'zendesk-messaging-jwt/widget'" : "'zendesk-messaging-jwt'");

export function render(markdown, readExample) {
  return markdown.replace(BLOCK, (_all, open, path, close) => {
    const code = readExample(path).replace(LIBRARY_PATH, packageName).trimEnd();
    const language = { '.ts': 'ts', '.mjs': 'js', '.js': 'js', '.html': 'html' }[extname(path)] ?? '';
    return `${open}\`\`\`${language}\n${code}\n\`\`\`\n${close}`;
  });
}

const stale = [];
let blocks = 0;
for (const name of readdirSync(guides).filter((file) => file.endsWith('.md')).sort()) {
  const file = join(guides, name);
  const before = readFileSync(file, 'utf8');
  const after = render(before, (path) => {
    blocks++;
    return readFileSync(join(root, path), 'utf8');
  });
  if (after !== before) {
    stale.push(name);
    if (!check) writeFileSync(file, after);
  }
}
if (check && stale.length > 0) {
  console.error(`docs/guides out of date with examples/: ${stale.join(', ')}. Run npm run docs:examples.`);
  process.exit(1);
}
console.log(`${blocks} example blocks ${check ? 'checked' : 'written'}${stale.length && !check ? ` (updated ${stale.join(', ')})` : ''}`);
