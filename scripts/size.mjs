// Size budget of what a browser or edge bundle pulls in, measured on the PACKED package
// installed into a temp project (so `files` and `exports` are what is measured): esbuild,
// platform browser, bundled, minified; gzip level 9 and brotli quality 11 via node:zlib.
// Also counts the lines of code of the library proper against their budget.
// Exits non-zero when a budget is broken. `--details` (automatic when over budget) also
// bundles src/ to show which source file the minified bytes come from.
// `--ceiling` (what CI runs) checks each bundle against its ceiling instead: the size it had when
// the ceiling was set, so no change can make it grow while the core is still above its budget.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { installPacked, root } from './pack.mjs';

// budget: the goal. ceiling: the measured size at the last change, for --ceiling (CI).
const budgets = [
  { imports: ['signJwt'], gzip: 2400, ceiling: 2860 },
  { imports: ['signJwt', 'verifyJwt'], gzip: 4000, ceiling: 4703 },
  { imports: ['createJwtCallback', 'WidgetTokenError'], from: 'zendesk-messaging-jwt/widget', gzip: 1024, ceiling: 1024 },
];
const gate = process.argv.includes('--ceiling') ? 'ceiling' : 'gzip';

// The library proper: the src/ files a bundle of the core exports can pull in. Lines of code are
// the lines that are neither blank nor comment (// lines, /* */ and /** */ blocks).
const LIBRARY = ['errors', 'base64url', 'claims', 'hmac', 'sign', 'verify'];
// As for the bundles: the goal, and the count at the last change for --ceiling.
const LINES = { budget: 450, ceiling: 465 };

function linesOfCode(file) {
  let inComment = false;
  let lines = 0;
  for (const raw of readFileSync(join(root, 'src', `${file}.ts`), 'utf8').split('\n')) {
    const line = raw.trim();
    if (inComment) inComment = !line.includes('*/');
    else if (line.startsWith('/*')) inComment = !line.includes('*/');
    else if (line !== '' && !line.startsWith('//')) lines++;
  }
  return lines;
}

const gzip = (text) => gzipSync(text, { level: 9 }).length;
const brotli = (text) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

async function bundle(imports, resolveDir, from) {
  const result = await build({
    stdin: { contents: `export { ${imports.join(', ')} } from '${from}';`, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  return { text: result.outputFiles[0].text, metafile: result.metafile };
}

const { work, project } = installPacked();
let over = false;
const rows = [];
try {
  for (const budget of budgets) {
    const { text } = await bundle(budget.imports, project, budget.from ?? 'zendesk-messaging-jwt');
    const row = { imports: budget.imports, min: text.length, gzip: gzip(text), brotli: brotli(text), budget: budget[gate], from: budget.from };
    rows.push(row);
    if (row.gzip > row.budget) over = true;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

for (const r of rows) {
  const verdict = r.gzip <= r.budget ? 'ok' : `OVER by ${r.gzip - r.budget} B`;
  console.log(
    `import { ${r.imports.join(', ')} }${r.from ? ` from '${r.from}'` : ''}: ${r.min} B min, ${r.gzip} B gzip, ${r.brotli} B brotli (${gate === 'ceiling' ? 'ceiling' : 'budget'} ${r.budget} B gzip: ${verdict})`,
  );
}

const perFile = LIBRARY.map((file) => [file, linesOfCode(file)]);
const totalLines = perFile.reduce((sum, [, n]) => sum + n, 0);
const linesLimit = gate === 'ceiling' ? LINES.ceiling : LINES.budget;
if (totalLines > linesLimit) over = true;
console.log(
  `library proper (src/{${LIBRARY.join(',')}}.ts): ${totalLines} lines of code (${perFile.map(([f, n]) => `${f} ${n}`).join(', ')}; ${gate === 'ceiling' ? 'ceiling' : 'budget'} ${linesLimit}: ${totalLines <= linesLimit ? 'ok' : `OVER by ${totalLines - linesLimit}`})`,
);

if (over || process.argv.includes('--details')) {
  // dist/ is one file, so the per-file split comes from bundling src/ with the same settings.
  for (const budget of budgets) {
    const { metafile } = await bundle(budget.imports, root, budget.from ? './src/widget.ts' : './src/index.ts');
    const [output] = Object.values(metafile.outputs);
    const parts = Object.entries(output.inputs)
      .map(([file, info]) => [file, info.bytesInOutput])
      .sort((a, b) => b[1] - a[1]);
    console.log(`  where the minified bytes of { ${budget.imports.join(', ')} } come from (src/, before gzip):`);
    for (const [file, bytes] of parts) console.log(`    ${String(bytes).padStart(6)} B  ${file}`);
  }
}
process.exit(over ? 1 : 0);
