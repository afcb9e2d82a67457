// The built command run as a user runs it: a child process with a minimal environment (no secret
// of the test process leaks in), what it prints and how it exits.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Run {
  const { PATH, SystemRoot } = process.env;
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    input: options.input ?? '',
    env: { ...(PATH === undefined ? {} : { PATH }), ...(SystemRoot === undefined ? {} : { SystemRoot }), ...options.env },
    encoding: 'utf8',
    timeout: 20_000,
    // Room for the oversized-input tests' error output without cutting it.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
