// Installs a tool folder's own dependencies (runtimes/, mutation/) from its lockfile when they are
// missing or do not match it, so the root install stays lean and `npm run test:runtimes` /
// `npm run mutate` still work from a fresh clone. "Match" compares the lockfile with the record npm
// keeps of what it installed (node_modules/.package-lock.json), so an `npm ci --prefix <folder>`
// run by hand or by CI counts too. Usage: node scripts/install-folder.mjs <folder>
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packages = (file) => JSON.parse(readFileSync(file, 'utf8')).packages ?? {};

/** Why the folder needs `npm ci`, or '' when node_modules holds what the lockfile names. */
export function staleReason(folder) {
  const installed = join(folder, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'not installed';
  const have = packages(installed);
  for (const [path, entry] of Object.entries(packages(join(folder, 'package-lock.json')))) {
    // '' is the folder itself; optional packages (other platforms' binaries) may rightly be absent.
    if (path === '' || (entry.optional && !(path in have))) continue;
    if (have[path]?.version !== entry.version) return `${path.replace(/^node_modules\//, '')} ${have[path]?.version ?? 'missing'}, lockfile ${entry.version}`;
  }
  return '';
}

export function installFolder(folder) {
  const reason = staleReason(folder);
  if (!reason) return;
  const name = relative(process.cwd(), folder) || '.';
  console.error(`${name}: installing its own dependencies (${reason}): npm ci --prefix ${name}`);
  execFileSync(npm, ['ci', '--prefix', folder, '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: node scripts/install-folder.mjs <folder>');
    process.exit(2);
  }
  installFolder(resolve(folder));
}
