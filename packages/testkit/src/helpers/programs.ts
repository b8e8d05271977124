import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The absolute path of `program` on PATH (or itself when absolute and executable), else null. */
export function whichProgram(program: string, path = process.env.PATH ?? ''): string | null {
  const candidates = isAbsolute(program) ? [program] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Fail (never skip) when a program the tests need is missing, saying how to install it.
 * `hint` is the install advice (`apt-get install redis-server`).
 */
export function requirePrograms(programs: readonly string[], hint = 'install them (on Debian: hop3 setup, or apt-get install …)'): void {
  const missing = programs.filter((program) => whichProgram(program) === null);
  if (missing.length > 0) {
    throw new Error(`missing programs: ${missing.join(', ')} — ${hint}. These tests need the real programs and never skip.`);
  }
}
