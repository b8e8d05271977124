import { execFileSync } from 'node:child_process';
import { processPrefix, processTagOf } from 'hop3-plugin-deployer-uwsgi';

/**
 * Integration tests need the real programs. A missing one is a test failure (with how to
 * install it), in CI and locally alike: these tests are never skipped.
 */
export function requirePrograms(...programs: string[]): void {
  const missing = programs.filter((program) => {
    try {
      execFileSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(`missing programs: ${missing.join(', ')} — install them with "hop3 setup" (or run .ci/run)`);
  }
}

/** Command lines of running processes (from /proc), for counting an app's workers. */
export function processCommandLines(): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').slice(1).filter((line) => line.trim() !== '');
}

/** Command lines of an app's uWSGI processes under `root` (their titles start with processPrefix). */
export function appProcessLines(root: string, app: string): string[] {
  const prefix = processPrefix(processTagOf(root), app);
  return processCommandLines().filter((line) => line.startsWith(prefix));
}
