import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readBuildState } from './build-state.js';

/**
 * Venvs are immutable per dependency set: each lives in `apps/<app>/venvs/<key>`, the key being
 * the dependency hash, and is never changed once its build state is written. Releases with the
 * same dependencies share one; a release keeps its own while a newer one installs elsewhere,
 * so a rollback runs with the dependencies it was built with.
 */
export function venvsDir(appRoot: string): string {
  return join(appRoot, 'venvs');
}

/** The venv dir for a dependency hash; an uncacheable set gets a fresh dir (never reused, never shared). */
export function venvDirFor(appRoot: string, hash: { hash: string; cacheable: boolean }): string {
  const key = hash.cacheable ? hash.hash.slice(0, 24) : `uncached-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  return join(venvsDir(appRoot), key);
}

/** True when `venv` holds a finished build of exactly `hash` (its build state is written last). */
export async function isFinishedVenv(venv: string, hash: string): Promise<boolean> {
  if (!existsSync(join(venv, 'pyvenv.cfg'))) return false;
  return (await readBuildState(venv))?.requirementsHash === hash;
}

/**
 * Remove venv dirs whose build never finished (no build state: a failed or interrupted pip).
 * No release can use them: a venv becomes an artifact only once its state is written. Runs
 * under the app's deploy lock, so no other build of the app is under way.
 */
export async function removeUnfinishedVenvs(appRoot: string, keep: string): Promise<void> {
  const dir = venvsDir(appRoot);
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    const path = join(dir, entry);
    if (path !== keep && (await readBuildState(path)) === null) await rm(path, { recursive: true, force: true });
  }
}
