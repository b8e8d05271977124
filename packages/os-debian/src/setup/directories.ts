import { chmod, chown, lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Hop3Error, isHop3Error, type Hop3Layout } from '@hop3/core';
import { debianError, DebianErrorCodes } from '../errors.js';

export interface DirectorySpec {
  path: string;
  mode: number;
}

/** Where a directory stands now; serialisable (`mode` as an octal string like "0755"). */
export interface DirectoryPlan {
  path: string;
  mode: string;
  exists: boolean;
  /** Exists as a directory with the right mode (and owner, when one is required). */
  ok: boolean;
  /** Symbolic links are reported and left alone: root must never chown through them. */
  symlink: boolean;
}

export interface Ownership {
  uid: number;
  gid: number;
}

const PUBLIC = 0o755;
// HOP3_ROOT itself: the owner, and the group (`www-data`, the hop3 user's group) may pass
// through, because a system nginx (HOP3_SERVICES=system) runs its workers as www-data and must
// read the apps' static files and connect to their uWSGI sockets. Everyone else is kept out:
// the tree holds every app's env, logs and credentials.
const GROUP = 0o750;
// Addon secrets, database dumps and uWSGI vassals (they hold each app's env): only the owner.
const PRIVATE = 0o700;

/** The HOP3_ROOT directories `setupServer()` creates, parents first. */
export function hop3Directories(layout: Hop3Layout): DirectorySpec[] {
  return [
    { path: layout.root, mode: GROUP },
    { path: layout.appsDir, mode: PUBLIC },
    { path: layout.nginxDir, mode: PUBLIC },
    { path: layout.uwsgiDir, mode: PRIVATE },
    { path: layout.uwsgiEnabledDir, mode: PRIVATE },
    { path: layout.uwsgiAvailableDir, mode: PRIVATE },
    { path: join(layout.root, 'addons'), mode: PRIVATE },
    { path: join(layout.root, 'backups'), mode: PRIVATE },
    { path: layout.certsDir, mode: PUBLIC },
    { path: layout.runDir, mode: PUBLIC },
    { path: layout.cacheDir, mode: PUBLIC },
  ];
}

export function formatMode(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}

async function statOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function notADirectory(path: string): Hop3Error {
  return debianError({
    code: DebianErrorCodes.setupFailed,
    message: `${path} exists but is not a directory: move it away and run setup again.`,
    details: { path },
  });
}

/** Read-only view of one directory. */
export async function planDirectory(spec: DirectorySpec, owner?: Ownership): Promise<DirectoryPlan> {
  const stats = await statOrUndefined(spec.path);
  const base = { path: spec.path, mode: formatMode(spec.mode) };
  if (!stats) return { ...base, exists: false, ok: false, symlink: false };
  if (stats.isSymbolicLink()) return { ...base, exists: true, ok: true, symlink: true };
  const ownerOk = !owner || (stats.uid === owner.uid && stats.gid === owner.gid);
  const ok = stats.isDirectory() && (stats.mode & 0o7777) === spec.mode && ownerOk;
  return { ...base, exists: true, ok, symlink: false };
}

export type DirectoryAction = 'created' | 'fixed' | 'unchanged' | 'symlink-skipped';

/**
 * Create the directory if needed and give it its mode (and owner). Idempotent. Modes are set
 * with chmod, so the process umask does not matter.
 */
export async function ensureDirectory(spec: DirectorySpec, owner?: Ownership): Promise<DirectoryAction> {
  try {
    const before = await planDirectory(spec, owner);
    if (before.symlink) return 'symlink-skipped';
    if (before.ok) return 'unchanged';
    if (before.exists && !(await lstat(spec.path)).isDirectory()) throw notADirectory(spec.path);
    // recursive: HOP3_ROOT's own parents may not exist yet (e.g. /srv/hop3 on a fresh server).
    if (!before.exists) await mkdir(spec.path, { recursive: true, mode: spec.mode });
    if (owner) await chown(spec.path, owner.uid, owner.gid);
    await chmod(spec.path, spec.mode);
    return before.exists ? 'fixed' : 'created';
  } catch (error) {
    if (isHop3Error(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EPERM' || code === 'EACCES' ? ' Run as root or with sudo.' : '';
    throw debianError({
      code: DebianErrorCodes.setupFailed,
      message: `Could not prepare ${spec.path}: ${(error as Error).message}.${hint}`,
      cause: error, details: { path: spec.path },
    });
  }
}
