// Packs the package as npm would publish it and installs the tarball into a throw-away project,
// so that consumers and the size budget see exactly what `files` and `exports` ship.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm pack` into `dir`; returns the tarball's path and the paths of the files in it. */
export function pack(dir) {
  const [packed] = JSON.parse(execFileSync(npm, ['pack', '--json', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }));
  return { tarball: join(dir, packed.filename), files: packed.files.map((f) => f.path) };
}

/**
 * Returns the directory of a fresh project with the packed tarball installed (no other
 * dependency). ZMJ_PACKED (JSON from pack(), set by runtimes/run.mjs) reuses one tarball.
 */
export function installPacked(type = 'module') {
  const work = mkdtempSync(join(tmpdir(), 'zmj-packed-'));
  const packed = process.env['ZMJ_PACKED'] ? JSON.parse(process.env['ZMJ_PACKED']) : pack(work);
  const project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
  // The tarball has no dependencies, so this never needs the registry.
  execFileSync(
    npm,
    ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--silent', packed.tarball],
    { cwd: project, stdio: 'inherit' },
  );
  return { work, project, files: packed.files };
}
