// The built `zendesk-messaging-jwt/widget` entry (npm test builds before vitest): its own
// files in `exports` and nothing of the signing code inside. Its size budget (1 KB gzip in a page
// bundle) is held by `npm run size`, with the core's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

describe('dist/widget', () => {
  it('has its own exports entry, ESM and CJS with their types, and a node10 stub', () => {
    const pkg = JSON.parse(read('package.json')) as { exports: Record<string, unknown>; files: string[] };
    expect(pkg.exports['./widget']).toEqual({
      import: { types: './dist/widget.d.ts', default: './dist/widget.js' },
      require: { types: './dist/widget.d.cts', default: './dist/widget.cjs' },
    });
    expect(pkg.files).toContain('widget');
    expect(JSON.parse(read('widget/package.json'))).toMatchObject({ main: '../dist/widget.cjs', types: '../dist/widget.d.cts' });
  });

  it('imports and requires nothing: no signing code, no errors.ts, no Node builtin', () => {
    for (const file of ['dist/widget.js', 'dist/widget.cjs', 'dist/widget.d.ts', 'dist/widget.d.cts']) {
      // Comments dropped first: the TSDoc @example shows an import.
      const code = read(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/\bimport\s*[\s{*'"(]|\brequire\s*\(/);
      expect(code, file).not.toMatch(/JwtError|signJwt|createHmac|subtle/);
    }
  });

  it('loads from both builds with the same API', async () => {
    const esm = (await import(`${root}dist/widget.js`)) as Record<string, unknown>;
    const cjs = createRequire(import.meta.url)(`${root}dist/widget.cjs`) as Record<string, unknown>;
    expect(Object.keys(esm).sort()).toEqual(['WidgetTokenError', 'createJwtCallback']);
    expect(Object.keys(cjs).sort()).toEqual(['WidgetTokenError', 'createJwtCallback']);
  });
});
