import { execFileSync } from 'node:child_process';

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
