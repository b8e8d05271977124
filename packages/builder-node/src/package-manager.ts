import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeBuildErrorCodes, nodeError } from './errors.js';
import type { PackageJson } from './package-json.js';
import { loadSemver } from './semver.js';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn';

/** The package manager an app is installed with, and the version to run. */
export interface PackageManagerChoice {
  name: PackageManagerName;
  /** `yarn` only: 1.x (classic) or 2+ (berry, shipped on npm as @yarnpkg/cli-dist). */
  flavor: 'classic' | 'berry' | null;
  /**
   * The version to install into the tool cache: `packageManager`'s exact version, else a major
   * that reads the lockfile. null for npm: the system npm runs (see README).
   */
  request: string | null;
  /** The lockfile in use (a file name in the source dir), or null. */
  lockfile: string | null;
  /** Where the choice came from, for the build log. */
  reason: string;
}

/** Lockfile → the package manager that writes it. npm-shrinkwrap.json wins over package-lock.json (npm's own rule). */
export const LOCKFILES: Readonly<Record<string, PackageManagerName>> = {
  'npm-shrinkwrap.json': 'npm',
  'package-lock.json': 'npm',
  'pnpm-lock.yaml': 'pnpm',
  'yarn.lock': 'yarn',
};

/** pnpm-lock.yaml's lockfileVersion → the pnpm major that reads it (without a packageManager pin). */
function pnpmMajorFor(lockText: string): string {
  const version = /^lockfileVersion:\s*['"]?(\d+)/m.exec(lockText)?.[1];
  if (version === '5') return '7';
  if (version === '6') return '8';
  return '10'; // lockfileVersion 9.0: pnpm 9 and 10 both read it
}

function parsePin(packageManager: string): { name: PackageManagerName; version: string } {
  const [name, rest] = packageManager.split('@') as [PackageManagerName, string];
  return { name, version: rest.split('+')[0]! };
}

/**
 * Which package manager installs the app: its lockfile decides, `packageManager` pins the
 * version. Two package managers' lockfiles, or a `packageManager` that names another one than the
 * lockfile, is an error naming both (as Heroku does). pnpm and yarn need their lockfile.
 */
export async function choosePackageManager(sourceDir: string, pkg: PackageJson): Promise<PackageManagerChoice> {
  const present = Object.keys(LOCKFILES).filter((file) => existsSync(join(sourceDir, file)));
  const managers = [...new Set(present.map((file) => LOCKFILES[file]!))];
  if (managers.length > 1) {
    throw nodeError({
      code: NodeBuildErrorCodes.conflictingLockfiles,
      message: `The app has lockfiles of ${managers.length} package managers: ${present.join(' and ')}. Keep the one of the package manager you use and delete the other${present.length > 2 ? 's' : ''}.`,
      details: { lockfiles: present },
    });
  }
  const lockfile = present[0] ?? null;
  const fromLock = managers[0];
  const pin = pkg.packageManager === undefined ? undefined : parsePin(pkg.packageManager);
  if (pin !== undefined && fromLock !== undefined && pin.name !== fromLock) {
    throw nodeError({
      code: NodeBuildErrorCodes.conflictingLockfiles,
      message: `package.json says "packageManager": "${pkg.packageManager}", but the lockfile is ${lockfile} (${fromLock}'s). Install with ${pin.name} and commit its lockfile, or fix packageManager.`,
      details: { lockfiles: present, packageManager: pkg.packageManager },
    });
  }
  const name = fromLock ?? pin?.name ?? 'npm';
  if (name !== 'npm' && lockfile === null) {
    const file = name === 'pnpm' ? 'pnpm-lock.yaml' : 'yarn.lock';
    throw nodeError({
      code: NodeBuildErrorCodes.lockfileRequired,
      message: `package.json asks for ${name} (packageManager "${pkg.packageManager}") but there is no ${file}: run "${name} install" and commit ${file}, so the server installs exactly what you tested.`,
      details: { packageManager: pkg.packageManager },
    });
  }
  if (pin !== undefined && (await loadSemver()).valid(pin.version) === null) {
    throw nodeError({
      code: NodeBuildErrorCodes.badPackageJson,
      message: `package.json: packageManager "${pkg.packageManager}" must pin an exact version (e.g. "${pin.name}@${pin.name === 'yarn' ? '1.22.22' : '10.12.1'}").`,
      details: { packageManager: pkg.packageManager },
    });
  }
  const reason = lockfile === null ? 'no lockfile' : `lockfile ${lockfile}`;
  const pinned = pin === undefined ? '' : `, packageManager ${pkg.packageManager}`;
  if (name === 'npm') return { name, flavor: null, request: null, lockfile, reason: `${reason}${pinned}` };
  const lockText = await readFile(join(sourceDir, lockfile!), 'utf8');
  if (name === 'pnpm') return { name, flavor: null, request: pin?.version ?? pnpmMajorFor(lockText), lockfile, reason: `${reason}${pinned}` };
  // Yarn berry's yarn.lock starts with a __metadata block; classic's never has one.
  const berry = pin !== undefined ? (await loadSemver()).major(pin.version) >= 2 : /^__metadata:/m.test(lockText);
  return { name, flavor: berry ? 'berry' : 'classic', request: pin?.version ?? (berry ? '4' : '1'), lockfile, reason: `${reason}${pinned}` };
}
