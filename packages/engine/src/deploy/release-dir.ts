import { cp, mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AppPaths } from '@hop3/core';

/** Files never copied into a release. */
const EXCLUDED = new Set(['.git', '.hg', '.svn']);

export function releasesDir(paths: AppPaths): string {
  return join(paths.root, 'releases');
}

/**
 * Copy the app's source into a fresh release dir. Each deploy gets its own dir, so the running
 * version keeps its files until the new one has taken over.
 */
export async function stageRelease(sourceDir: string, paths: AppPaths, release: number): Promise<string> {
  const target = join(releasesDir(paths), String(release));
  await rm(target, { recursive: true, force: true });
  await mkdir(dirname(target), { recursive: true });
  await cp(sourceDir, target, {
    recursive: true,
    dereference: false,
    filter: (source) => !EXCLUDED.has(basename(source)),
  });
  return target;
}

/** Point `src` at the live release (atomic symlink swap). Old releases go by retention (releases/retention.ts). */
export async function activateRelease(paths: AppPaths, releaseDir: string): Promise<void> {
  const temp = `${paths.src}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  await symlink(releaseDir, temp);
  try {
    await rename(temp, paths.src); // atomically replaces the previous symlink
  } catch {
    await rm(paths.src, { recursive: true, force: true }); // a plain directory from an older layout
    await rename(temp, paths.src);
  }
}

export async function currentReleaseDir(paths: AppPaths): Promise<string | null> {
  try {
    return await readlink(paths.src);
  } catch {
    return null;
  }
}
