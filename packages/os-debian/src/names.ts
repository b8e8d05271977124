import { isAbsolute, normalize } from 'node:path';
import { Hop3Error } from '@hop3/core';
import { debianError, DebianErrorCodes } from './errors.js';

/** Debian policy for package names (at least two characters). */
export const PACKAGE_NAME_PATTERN = /^[a-z0-9][a-z0-9+.-]+$/;
/** A portable POSIX account name, as `useradd` accepts it by default (at most 32 characters). */
export const ACCOUNT_NAME_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;

function invalid(message: string, details: Record<string, unknown>): Hop3Error {
  return debianError({ code: DebianErrorCodes.invalidInput, message, details });
}

export function checkPackageNames(packages: readonly string[]): void {
  const bad = packages.filter((name) => !PACKAGE_NAME_PATTERN.test(name));
  if (bad.length > 0) {
    throw invalid(
      `Invalid package name${bad.length > 1 ? 's' : ''}: ${bad.map((n) => JSON.stringify(n)).join(', ')}. ` +
        'Debian package names use lowercase letters, digits, "+", "-" and ".", start with a letter or digit, ' +
        'and have at least two characters.',
      { packages: bad },
    );
  }
}

export function checkAccountName(name: string, what: 'user' | 'group'): void {
  if (!ACCOUNT_NAME_PATTERN.test(name)) {
    throw invalid(
      `Invalid ${what} name ${JSON.stringify(name)}: use lowercase letters, digits, "_" and "-", ` +
        'start with a letter or "_", at most 32 characters.',
      { [what]: name },
    );
  }
}

/** Home directories and shells end up in /etc/passwd: absolute, normalised, no ':' or control characters. */
export function checkSystemPath(path: string, what: 'home directory' | 'shell'): void {
  const ok =
    isAbsolute(path) &&
    normalize(path) === path &&
    (path === '/' || !path.endsWith('/')) &&
    !/[:\u0000-\u001f\u007f]/.test(path);
  if (!ok) {
    throw invalid(
      `Invalid ${what} ${JSON.stringify(path)}: use an absolute, normalised path without ":" or control characters ` +
        `(e.g. ${what === 'shell' ? '/bin/bash' : '/home/hop3'}).`,
      { [what === 'shell' ? 'shell' : 'home']: path },
    );
  }
}
