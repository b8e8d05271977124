import { debianError, DebianErrorCodes } from './errors.js';

/**
 * Debian/Ubuntu packages grouped by the Hop3 feature that needs them. Kept to what Hop3's own
 * plugins run; language toolchains beyond Python belong to their builder plugins.
 */
export const PACKAGE_GROUPS = {
  base: ['ca-certificates', 'procps', 'git'],
  nginx: ['nginx', 'openssl'],
  uwsgi: ['uwsgi', 'uwsgi-plugin-python3'],
  python: ['python3', 'python3-venv'],
  postgres: ['postgresql'],
  redis: ['redis-server'],
  docker: ['docker.io', 'docker-compose', 'busybox-static'],
  /** `git push hop3@server:<app>` and `ssh hop3@server <command>`: sshd and git's server side. */
  ssh: ['openssh-server'],
  /** pebble (Let's Encrypt's test ACME server, with pebble-challtestsrv): for tests, never on a server by default. */
  'acme-test': ['pebble'],
} as const satisfies Record<string, readonly string[]>;

export type PackageGroup = keyof typeof PACKAGE_GROUPS;

export const PACKAGE_GROUP_NAMES = Object.keys(PACKAGE_GROUPS) as PackageGroup[];

/** Groups only tests need: installed when named (`--only …,acme-test`), never by default. */
const TEST_ONLY_GROUPS: readonly PackageGroup[] = ['acme-test'];

/** What `setupServer()` installs when no groups are named: every group a server uses, as the OS protocol says. */
export const DEFAULT_SETUP_GROUPS: readonly PackageGroup[] = PACKAGE_GROUP_NAMES.filter((group) => !TEST_ONLY_GROUPS.includes(group));

export function isPackageGroup(name: string): name is PackageGroup {
  return Object.hasOwn(PACKAGE_GROUPS, name);
}

/** The packages of `groups`, in group order without duplicates; unknown group names are an error. */
export function packagesFor(groups: readonly string[]): string[] {
  const unknown = groups.filter((group) => !isPackageGroup(group));
  if (unknown.length > 0) {
    throw debianError({
      code: DebianErrorCodes.invalidInput,
      message: `Unknown package group${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. ` +
        `Known groups: ${PACKAGE_GROUP_NAMES.join(', ')}.`,
      details: { unknown, known: PACKAGE_GROUP_NAMES },
    });
  }
  const packages = new Set<string>();
  for (const group of groups as PackageGroup[]) for (const name of PACKAGE_GROUPS[group]) packages.add(name);
  return [...packages];
}

/**
 * Parse a comma/space separated group list (the `HOP3_OS_PACKAGE_GROUPS` setting); undefined
 * when empty so the caller can fall back to its default.
 */
export function parseGroupList(value: string | undefined): string[] | undefined {
  const groups = (value ?? '').split(/[\s,]+/).filter((g) => g !== '');
  return groups.length > 0 ? groups : undefined;
}
